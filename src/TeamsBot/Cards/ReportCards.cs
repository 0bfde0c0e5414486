using System.Globalization;
using TeamsBot.Reports;

namespace TeamsBot.Cards;

/// <summary>The admin's usage summary in Teams. Figures only: no user, department or message appears on it.</summary>
public static class ReportCards
{
    /// <summary>Refusal rules and detectors shown; the rest are summed into one line.</summary>
    internal const int MaxListed = 10;

    public static AdaptiveCard Summary(UsageReport report, int days)
    {
        ArgumentNullException.ThrowIfNull(report);
        var total = report.Total;
        var body = new List<CardElement>
        {
            new TextBlock($"TeamsBot usage — last {days} days") { Weight = "Bolder", Size = "Medium" },
            new TextBlock(string.Create(CultureInfo.InvariantCulture,
                $"{report.FromUtc:yyyy-MM-dd HH:mm} to {report.ToUtc:yyyy-MM-dd HH:mm} UTC, your organisation only"))
            {
                IsSubtle = true,
                Size = "Small",
            },
            new FactSet([
                new Fact("Active users", Number(total.ActiveUsers)),
                new Fact("Messages", Number(total.Messages)),
                new Fact("Tokens in / out", $"{Number(total.TokensIn)} / {Number(total.TokensOut)}"),
                new Fact("Estimated cost", total.EstimatedCost.ToString("N2", CultureInfo.InvariantCulture)),
                new Fact("Refused", $"{Number(total.Refused)} (daily limits: {Number(total.QuotaHits)})"),
                new Fact("Failed", Number(total.Failed)),
                new Fact("Feedback", $"{Number(total.Likes)} likes, {Number(total.Dislikes)} dislikes"),
            ]),
        };
        AddList(body, "Refusals by rule", total.RefusalsByRule);
        AddList(body, "DLP findings by detector", total.DlpFindings);
        body.Add(new TextBlock(days == 7
            ? "Type **report 30** for the last 30 days. Departments and groups: the `report` command line (admin guide, Reports)."
            : "Departments and groups: the `report` command line (admin guide, Reports).")
        {
            IsSubtle = true,
            Size = "Small",
            Separator = true,
        });
        return new AdaptiveCard { Body = body, MsTeams = new TeamsCardProperties() };
    }

    private static void AddList(List<CardElement> body, string title, IReadOnlyDictionary<string, long> counts)
    {
        if (counts.Count == 0)
        {
            return;
        }

        var largest = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var facts = largest.Take(MaxListed).Select(c => new Fact(c.Key, Number(c.Value))).ToList();
        if (largest.Count > MaxListed)
        {
            facts.Add(new Fact($"{largest.Count - MaxListed} more", Number(largest.Skip(MaxListed).Sum(c => c.Value))));
        }

        body.Add(new TextBlock(title) { Weight = "Bolder", Separator = true });
        body.Add(new FactSet(facts));
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
