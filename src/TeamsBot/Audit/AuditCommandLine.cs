using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TeamsBot.Audit;

/// <summary>The parsed arguments after <c>audit</c>. Dates are UTC; both bounds are inclusive.</summary>
internal sealed record AuditCommandLine(AuditVerb Verb, DateTime? From = null, DateTime? To = null, string? OutputPath = null)
{
    public const string Usage = """
        Usage:
          TeamsBot audit verify
              Checks the whole hash chain. Exit 0 when intact, 1 at the first broken record.
          TeamsBot audit export [--from <date|date-time>] [--to <date|date-time>] [--out <file>]
              Writes records as JSON lines (UTF-8, one per line, timestamps ISO 8601 UTC) to stdout or <file>.
              Bounds are inclusive; a date alone means the whole UTC day (--to 2026-12-31 includes that day).
              Date-times without an offset are UTC: 2026-03-01T09:30, 2026-03-01T09:30:00+02:00.
          TeamsBot audit help

        From the repository: dotnet run --no-launch-profile --project src/TeamsBot -- audit <command> [options].
        Uses the app's configuration (appsettings.json, environment, Storage:Provider, Storage:ConnectionString);
        settings can also follow the command: --Storage:Provider=Postgres --Storage:ConnectionString="Host=…".
        Exit codes: 0 ok, 1 chain broken, 2 bad arguments, 3 database or configuration problem.
        """;

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    private static readonly string[] ExportOptions = ["--from", "--to", "--out"];

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out AuditCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        command = null;
        switch (args.Count > 0 ? args[0] : null)
        {
            case "help" or "--help" or "-h":
                return TryParseBare(args, AuditVerb.Help, out command, out error);
            case "verify":
                return TryParseBare(args, AuditVerb.Verify, out command, out error);
            case "export":
                return TryParseExport(args, out command, out error);
            case null:
                error = "Missing command: verify or export.";
                return false;
            default:
                error = $"Unknown command '{args[0]}': expected verify or export.";
                return false;
        }
    }

    private static bool TryParseBare(IReadOnlyList<string> args, AuditVerb verb,
        [NotNullWhen(true)] out AuditCommandLine? command, [NotNullWhen(false)] out string? error)
    {
        error = args.Count == 1 ? null : $"'audit {args[0]}' takes no arguments (got '{args[1]}').";
        command = error is null ? new AuditCommandLine(verb) : null;
        return error is null;
    }

    private static bool TryParseExport(IReadOnlyList<string> args, [NotNullWhen(true)] out AuditCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        command = null;
        if (!VerbOptions.TryRead(args, 1, "audit export", ExportOptions, out var values, out error))
        {
            return false;
        }

        DateTime? from = null;
        DateTime? to = null;
        if (values.TryGetValue("--from", out string? fromText))
        {
            if (!TryParseTime(fromText, endOfDay: false, out var parsed))
            {
                error = $"--from '{fromText}' is not a date (2026-01-31) or ISO 8601 date-time (2026-01-31T08:00:00Z).";
                return false;
            }

            from = parsed;
        }

        if (values.TryGetValue("--to", out string? toText))
        {
            if (!TryParseTime(toText, endOfDay: true, out var parsed))
            {
                error = $"--to '{toText}' is not a date (2026-12-31) or ISO 8601 date-time (2026-12-31T18:00:00Z).";
                return false;
            }

            to = parsed;
        }

        if (from > to)
        {
            error = "--from is later than --to.";
            return false;
        }

        command = new AuditCommandLine(AuditVerb.Export, from, to, values.GetValueOrDefault("--out"));
        error = null;
        return true;
    }

    /// <summary>A date is a whole UTC day: its first microsecond for a lower bound, its last for an upper one.</summary>
    internal static bool TryParseTime(string text, bool endOfDay, out DateTime utc)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            // Stored timestamps have microsecond precision, so the day's last microsecond closes it exactly.
            utc = endOfDay ? start.AddDays(1).AddTicks(-10) : start;
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            utc = time.UtcDateTime;
            return true;
        }

        utc = default;
        return false;
    }
}
