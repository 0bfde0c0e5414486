using System.Globalization;
using System.Text;

namespace TeamsBot.Reports;

/// <summary>
/// RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote or line break, quotes doubled.
/// One row per group, then the total. Department names come from the directory and rule ids from configuration, so
/// a text cell that a spreadsheet would run as a formula (= + - @, tab, carriage return) is prefixed with <c>'</c>.
/// </summary>
internal static class ReportCsvWriter
{
    private const string LineEnd = "\r\n";
    private const string RefusalPrefix = "refused:";
    private const string DlpPrefix = "dlp:";

    public static async Task WriteAsync(UsageReport report, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var rules = report.Total.RefusalsByRule.Keys.ToList();
        var detectors = report.Total.DlpFindings.Keys.ToList();
        var header = new List<string>
        {
            "from", "to", report.Dimension.ToString().ToLowerInvariant(), "active_users", "messages", "tokens_in",
            "tokens_out", "estimated_cost", "refused", "quota_hits", "failed", "likes", "dislikes",
        };
        header.AddRange(rules.Select(r => RefusalPrefix + r));
        header.AddRange(detectors.Select(d => DlpPrefix + d));

        var text = new StringBuilder();
        AppendLine(text, header);
        string from = Format(report.FromUtc);
        string to = Format(report.ToUtc);
        foreach (var row in report.Rows.Append(report.Total))
        {
            var cells = new List<string>
            {
                from, to, row.Group, Number(row.ActiveUsers), Number(row.Messages), Number(row.TokensIn),
                Number(row.TokensOut), row.EstimatedCost.ToString("0.####", CultureInfo.InvariantCulture),
                Number(row.Refused), Number(row.QuotaHits), Number(row.Failed), Number(row.Likes), Number(row.Dislikes),
            };
            cells.AddRange(rules.Select(r => Number(row.RefusalsByRule.GetValueOrDefault(r))));
            cells.AddRange(detectors.Select(d => Number(row.DlpFindings.GetValueOrDefault(d))));
            AppendLine(text, cells);
        }

        await output.WriteAsync(text, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Quotes what RFC 4180 requires and neutralises spreadsheet formulas. Every cell goes through here: numbers are
    /// ours and pass unchanged, since none starts with a formula character.
    /// </summary>
    internal static string Escape(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            cell = "'" + cell;
        }

        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    private static void AppendLine(StringBuilder text, IEnumerable<string> cells) =>
        text.AppendJoin(',', cells.Select(Escape)).Append(LineEnd);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
