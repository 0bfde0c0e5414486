using System.Diagnostics.CodeAnalysis;
using TeamsBot.Audit;

namespace TeamsBot.Reports;

/// <summary>The parsed arguments after <c>report</c>. Dates are UTC; both bounds are inclusive, as for <c>audit export</c>.</summary>
internal sealed record ReportCommandLine(bool Help, ReportRequest? Request = null, ReportFormat Format = ReportFormat.Csv)
{
    public const string Usage = """
        Usage:
          TeamsBot report --from <date|date-time> --to <date|date-time> [--format csv|json] [--by tenant|department|group]
              Active users, messages, tokens and estimated cost, refusals by rule, DLP findings by detector, quota
              hits and feedback, one row per tenant (default), department or allowed group, then the total.
              Departments and groups with fewer than Reports:MinGroupSize users are folded into "(other)".
              Bounds are inclusive, as for 'audit export': --to 2026-11-30 includes that whole UTC day.
              Writes CSV (RFC 4180, default) or JSON to stdout; problems go to stderr.
          TeamsBot report help

        From the repository: dotnet run --no-launch-profile --project src/TeamsBot -- report <options>.
        Uses the app's configuration (Storage:*, Reports:*, Graph:* for departments and groups); settings may also
        be given as the app takes them, e.g. --Storage:Provider=Postgres --Storage:ConnectionString "Host=…".
        Exit codes: 0 done, 2 bad arguments, 3 database or configuration unavailable.
        """;

    private static readonly string[] Options = ["--from", "--to", "--format", "--by"];

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out ReportCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        command = null;
        if (args is ["help" or "--help" or "-h"])
        {
            command = new ReportCommandLine(Help: true);
            error = null;
            return true;
        }

        if (!VerbOptions.TryRead(args, 0, "report", Options, out var values, out error))
        {
            return false;
        }

        if (!values.TryGetValue("--from", out string? fromText) || !values.TryGetValue("--to", out string? toText))
        {
            error = "Both --from and --to are required, e.g. --from 2026-11-01 --to 2026-11-30.";
            return false;
        }

        if (!AuditCommandLine.TryParseTime(fromText, endOfDay: false, out var from))
        {
            error = $"--from '{fromText}' is not a date (2026-11-01) or ISO 8601 date-time (2026-11-01T08:00:00Z).";
            return false;
        }

        if (!AuditCommandLine.TryParseTime(toText, endOfDay: true, out var to))
        {
            error = $"--to '{toText}' is not a date (2026-11-30) or ISO 8601 date-time (2026-11-30T18:00:00Z).";
            return false;
        }

        if (from > to)
        {
            error = "--from is later than --to.";
            return false;
        }

        var format = ReportFormat.Csv;
        if (values.TryGetValue("--format", out string? formatText) && !TryParseName(formatText, out format))
        {
            error = $"--format '{formatText}' is not one of: csv, json.";
            return false;
        }

        var dimension = ReportDimension.Tenant;
        if (values.TryGetValue("--by", out string? byText) && !TryParseName(byText, out dimension))
        {
            error = $"--by '{byText}' is not one of: tenant, department, group.";
            return false;
        }

        command = new ReportCommandLine(Help: false, new ReportRequest(from, to, dimension), format);
        error = null;
        return true;
    }

    /// <summary>Lower-case names only: Enum.TryParse would also take "1" or "Tenant, Group".</summary>
    private static bool TryParseName<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
