using System.Reflection;

namespace TeamsBot.Tests.Infra;

/// <summary>
/// The official Bicep CLI, restored from NuGet (Azure.Bicep.CommandLine.linux-x64) by the PackageDownload in
/// Infra/BicepCli.targets; its path is written into this assembly's metadata at build time.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    // Bicep is a .NET single-file app: it unpacks itself into this folder instead of $HOME.
    private static readonly string ExtractDirectory = Path.Combine(Path.GetTempPath(), "teamsbot-tests-bicep");

    public static string ExecutablePath
    {
        get
        {
            var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepCliPath")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                Assert.Fail($"Bicep CLI not found at '{path}'. It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 " +
                    "(PackageDownload in tests/TeamsBot.Tests/Infra/BicepCli.targets): run `dotnet restore tests/TeamsBot.Tests` " +
                    "or the test command, which restores it.");
            }

            return path!;
        }
    }

    /// <summary>Runs bicep with <paramref name="arguments"/> in the infra folder.</summary>
    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunInAsync(RepositoryPaths.Infra, arguments);

    /// <summary>Runs bicep with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static Task<ProcessResult> RunInAsync(string workingDirectory, params string[] arguments)
    {
        var path = ExecutablePath;
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not always keep the executable bit when it extracts a package.
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            }
        }

        Directory.CreateDirectory(ExtractDirectory);
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = ExtractDirectory,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        return ExternalProcess.RunAsync(path, arguments, workingDirectory, environment, Timeout);
    }
}
