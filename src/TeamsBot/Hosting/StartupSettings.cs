using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TeamsBot.Hosting;

/// <summary>
/// Checks every setting validated at startup before the host starts, and reports each bad one as a line that names
/// its configuration key, without a stack trace (the host would log one, and the runtime abort with another).
/// </summary>
internal static partial class StartupSettings
{
    public const int ExitBadSettings = 1;

    /// <summary>False, after writing one line per bad setting to <paramref name="error"/>, when any is wrong.</summary>
    public static bool Validate(IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        // Each options class on its own, so that one unreadable value does not hide the problems of the others.
        var problems = OptionsTypes.SelectMany(type => ProblemsOf(() =>
            _ = ((IOptions<object>)services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type))).Value)).ToList();
        if (problems.Count == 0)
        {
            // Anything else registered with ValidateOnStart.
            problems.AddRange(ProblemsOf(() => services.GetService<IStartupValidator>()?.Validate()));
        }

        if (problems.Count == 0)
        {
            return true;
        }

        error.WriteLine("TeamsBot did not start: fix these settings (appsettings.json, environment variables or App Service settings).");
        foreach (var problem in problems.Distinct(StringComparer.Ordinal))
        {
            // One line each: a multi-line message would be split across log entries.
            error.WriteLine(problem.ReplaceLineEndings(" "));
        }

        return false;
    }

    /// <summary>
    /// The app's options classes: the public ones that declare the configuration section they bind. Public types only:
    /// loading every type would load, through their async methods' awaiters, assemblies the app may never use.
    /// </summary>
    internal static IEnumerable<Type> OptionsTypes => typeof(StartupSettings).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
            && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    private static List<string> ProblemsOf(Action validate)
    {
        try
        {
            validate();
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return [.. exception.Failures];
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return [.. exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)];
        }
        catch (InvalidOperationException exception) when (UnconvertibleValue(exception) is { } problem)
        {
            return [problem];
        }
    }

    /// <summary>
    /// The binder's "Failed to convert configuration value … at 'Model:Provider' to type '…'" as a line that names the
    /// key and what it accepts. The value itself is left out: it may be a secret put in the wrong key.
    /// </summary>
    internal static string? UnconvertibleValue(InvalidOperationException exception)
    {
        var match = BinderFailure().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }

        var key = match.Groups["key"].Value;
        var type = Type.GetType(match.Groups["type"].Value) ?? typeof(StartupSettings).Assembly.GetType(match.Groups["type"].Value);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            { IsEnum: true } => $"{key} must be one of: {string.Join(", ", Enum.GetNames(type))}.",
            _ when type == typeof(bool) => $"{key} must be true or false.",
            _ when type == typeof(int) || type == typeof(long) => $"{key} must be a whole number.",
            _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) =>
                $"{key} must be a number, with a dot for decimals (0.3).",
            _ when type == typeof(TimeSpan) => $"{key} must be a time span such as 00:01:30 (hh:mm:ss).",
            _ when type == typeof(Uri) => $"{key} must be a URL.",
            _ when type == typeof(Guid) => $"{key} must be a GUID.",
            _ => $"{key} has a value that cannot be read as {type?.Name ?? "its type"}.",
        };
    }

    [GeneratedRegex(@"^Failed to convert configuration value .* at '(?<key>[^']+)' to type '(?<type>[^']+)'\.",
        RegexOptions.Singleline)]
    private static partial Regex BinderFailure();
}
