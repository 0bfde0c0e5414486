// Builds the Teams app package: fills the ${{NAME}} placeholders of appPackage/manifest.json and zips it with the
// two icons.
//
//   dotnet run appPackage/package.cs -- --env <name> [--env-file <file>]... [--set NAME=VALUE]... [--out <zip>]
//
// Values come from the env files (default: env/.env.<name>, the Agents Toolkit convention; azd users add
// --env-file .azure/<name>/.env, where azd writes BOT_ID and BOT_DOMAIN), later files overriding earlier ones, and
// from --set, which overrides every file. The package is written to appPackage/build/TeamsBot.<name>.zip unless
// --out says otherwise. Nothing is written when a placeholder has no value or a value is malformed: the tool names
// each such placeholder and exits with code 1. Exit code 2 means the command line itself was wrong.
// The build always goes through MSBuild without the shared compiler server, so that no compiler process
// outlives the command (tests run this script too).
#:property FileBasedProgramCanSkipMSBuild=false
#:property UseSharedCompilation=false
// The repository's analyzer settings apply here too; IDE0005 needs the documentation file to run.
#:property GenerateDocumentationFile=true
#:property NoWarn=$(NoWarn);CS1591
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

return PackageTool.Run(args, Path.GetDirectoryName(SourcePath())!);

static string SourcePath([CallerFilePath] string path = "") => path;

internal static partial class PackageTool
{
    private const int Ok = 0;
    private const int Refused = 1;
    private const int Usage = 2;

    // Fixed timestamp for zip entries, so the same inputs give the same package bytes.
    private static readonly DateTimeOffset EntryTimestamp = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+$")]
    private static partial Regex Version();

    public static int Run(string[] args, string appPackageDirectory)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(appPackageDirectory, ".."));
        if (!TryParse(args, out var options, out var usageError))
        {
            Console.Error.WriteLine($"error: {usageError}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(HelpText);
            return Usage;
        }

        if (options.Help)
        {
            Console.WriteLine(HelpText);
            return Ok;
        }

        // Collect values: env files in order, then --set.
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var envFiles = options.EnvFiles.Count > 0
            ? options.EnvFiles.Select(f => Path.GetFullPath(f)).ToList()
            : [Path.Combine(repositoryRoot, "env", $".env.{options.Environment}")];

        foreach (var envFile in envFiles)
        {
            if (!File.Exists(envFile))
            {
                if (options.EnvFiles.Count > 0)
                {
                    Console.Error.WriteLine($"error: env file {envFile} does not exist.");
                    return Usage;
                }

                Console.WriteLine($"note: {Relative(repositoryRoot, envFile)} does not exist; using --set values only.");
                continue;
            }

            if (!TryReadEnvFile(envFile, values, sources, out var envError))
            {
                Console.Error.WriteLine($"error: {envError}");
                return Usage;
            }

            Console.WriteLine($"read {Relative(repositoryRoot, envFile)}");
        }

        foreach (var (name, value) in options.Sets)
        {
            values[name] = value;
            sources[name] = "--set";
        }

        var manifestPath = Path.Combine(appPackageDirectory, "manifest.json");
        var template = File.ReadAllText(manifestPath);

        // Every placeholder must have a non-empty, well-formed value.
        var names = Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        foreach (var name in names)
        {
            if (!values.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"placeholder ${{{{{name}}}}} has no value: set {name}=... in the env file or pass --set {name}=...");
                continue;
            }

            var invalid = Validate(name, value.Trim());
            if (invalid is not null)
            {
                problems.Add($"placeholder ${{{{{name}}}}} has an invalid value \"{value}\" (from {sources[name]}): {invalid}");
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"error: {problem}");
            }

            Console.Error.WriteLine($"error: no package written ({problems.Count} placeholder problem(s) in {Relative(repositoryRoot, manifestPath)}).");
            return Refused;
        }

        // Placeholders only ever sit inside JSON strings: substitute JSON-escaped values.
        var filled = Placeholder().Replace(template, m => JsonEncodedText.Encode(values[m.Groups[1].Value].Trim(), JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
        if (filled.Contains("${{", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("error: the filled manifest still contains \"${{\" (a value must not contain a placeholder); no package written.");
            return Refused;
        }

        string colorIcon;
        string outlineIcon;
        try
        {
            using var document = JsonDocument.Parse(filled);
            var icons = document.RootElement.GetProperty("icons");
            colorIcon = icons.GetProperty("color").GetString() ?? throw new InvalidDataException("icons.color is null");
            outlineIcon = icons.GetProperty("outline").GetString() ?? throw new InvalidDataException("icons.outline is null");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: the filled manifest is not valid: {ex.Message}; no package written.");
            return Refused;
        }

        foreach (var icon in new[] { colorIcon, outlineIcon })
        {
            if (icon.Contains('/', StringComparison.Ordinal) || icon.Contains('\\', StringComparison.Ordinal) || !File.Exists(Path.Combine(appPackageDirectory, icon)))
            {
                Console.Error.WriteLine($"error: icon \"{icon}\" must be a file next to manifest.json; no package written.");
                return Refused;
            }
        }

        var output = Path.GetFullPath(options.Output ?? Path.Combine(appPackageDirectory, "build", $"TeamsBot.{options.Environment}.zip"));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temporary = output + ".tmp";
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            AddEntry(zip, "manifest.json", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(filled));
            AddEntry(zip, colorIcon, File.ReadAllBytes(Path.Combine(appPackageDirectory, colorIcon)));
            AddEntry(zip, outlineIcon, File.ReadAllBytes(Path.Combine(appPackageDirectory, outlineIcon)));
        }

        File.Move(temporary, output, overwrite: true);
        Console.WriteLine($"wrote {Relative(repositoryRoot, output)} ({names.Count} placeholders filled)");
        return Ok;
    }

    private static string? Validate(string name, string value)
    {
        if (name.EndsWith("_ID", StringComparison.Ordinal))
        {
            return Guid.TryParseExact(value, "D", out _) ? null : "expected a GUID like 00000000-0000-0000-0000-000000000000";
        }

        if (name.EndsWith("_DOMAIN", StringComparison.Ordinal))
        {
            return HostName().IsMatch(value) ? null : "expected a host name only, like app-teamsbot-abc.azurewebsites.net (no https://, no path)";
        }

        if (name.EndsWith("_URL", StringComparison.Ordinal))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? null
                : "expected an absolute https:// URL";
        }

        return name switch
        {
            "APP_VERSION" => Version().IsMatch(value) ? null : "expected a version like 1.0.0 (increase it for every upload)",
            "APP_NAME" => value.Length <= 30 ? null : "at most 30 characters (Teams' short name limit)",
            "DEVELOPER_NAME" => value.Length <= 32 ? null : "at most 32 characters",
            _ => null,
        };
    }

    private static void AddEntry(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTimestamp;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static bool TryReadEnvFile(string path, Dictionary<string, string> values, Dictionary<string, string> sources, out string? error)
    {
        var lineNumber = 0;
        foreach (var rawLine in File.ReadLines(path))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (!VariableName().IsMatch(name))
            {
                error = $"{path}:{lineNumber}: expected NAME=VALUE";
                return false;
            }

            values[name] = Unquote(line[(equals + 1)..].Trim());
            sources[name] = $"{Path.GetFileName(path)}:{lineNumber.ToString(CultureInfo.InvariantCulture)}";
        }

        error = null;
        return true;
    }

    // "double quoted" values may use \" \\ \n escapes (azd writes values this way); 'single quoted' are literal.
    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }

        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
            {
                i++;
                builder.Append(value[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    _ => value[i],
                });
                continue;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }

    private static bool TryParse(string[] args, out Options options, out string? error)
    {
        options = new Options();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                options.Help = true;
                return true;
            }

            if (arg is not ("--env" or "--env-file" or "--set" or "--out"))
            {
                error = $"unknown argument \"{arg}\"";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value";
                return false;
            }

            var value = args[++i];
            switch (arg)
            {
                case "--env":
                    options.Environment = value;
                    break;
                case "--env-file":
                    options.EnvFiles.Add(value);
                    break;
                case "--out":
                    options.Output = value;
                    break;
                default:
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0 || !VariableName().IsMatch(value[..equals]))
                    {
                        error = $"--set expects NAME=VALUE, got \"{value}\"";
                        return false;
                    }

                    options.Sets.Add((value[..equals], value[(equals + 1)..]));
                    break;
            }
        }

        if (options.Environment is null)
        {
            error = "--env is required (for example --env dev)";
            return false;
        }

        if (!EnvironmentName().IsMatch(options.Environment))
        {
            error = $"--env \"{options.Environment}\" must be letters, digits, '-' or '_'";
            return false;
        }

        return true;
    }

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private const string HelpText = """
        Builds the Teams app package (manifest.json + color.png + outline.png).

        usage: dotnet run appPackage/package.cs -- --env <name> [--env-file <file>]... [--set NAME=VALUE]... [--out <zip>]

          --env <name>        environment name, e.g. dev or prod (required)
          --env-file <file>   NAME=VALUE file; repeatable, later files win. Default: env/.env.<name>
          --set NAME=VALUE    value on the command line; wins over every env file
          --out <zip>         output path. Default: appPackage/build/TeamsBot.<name>.zip

        Placeholders in appPackage/manifest.json: TEAMS_APP_ID, APP_VERSION, APP_NAME, BOT_ID, BOT_DOMAIN,
        DEVELOPER_NAME, DEVELOPER_WEBSITE_URL, PRIVACY_URL, TERMS_URL. The tool refuses (exit code 1) to write a
        package while any of them is empty or malformed.
        """;

    private sealed class Options
    {
        public bool Help { get; set; }

        public string? Environment { get; set; }

        public List<string> EnvFiles { get; } = [];

        public List<(string Name, string Value)> Sets { get; } = [];

        public string? Output { get; set; }
    }
}
