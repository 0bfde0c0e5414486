namespace TeamsBot.Reports;

/// <summary>The figures of one group of users (a tenant, a department, an allowed group, or everyone).</summary>
public sealed class ReportRow
{
    private readonly SortedDictionary<string, long> _refusalsByRule = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _dlpFindings = new(StringComparer.Ordinal);

    internal ReportRow(string group) => Group = group;

    public string Group { get; }

    /// <summary>Users with at least one message in the range.</summary>
    public long ActiveUsers { get; private set; }

    /// <summary>Turns the bot decided on (one audit record each): answered, redacted, refused or failed.</summary>
    public long Messages { get; private set; }

    public long TokensIn { get; private set; }

    public long TokensOut { get; private set; }

    /// <summary>Tokens priced with Reports:PricePer1KInputTokens / PricePer1KOutputTokens, rounded to 4 places.</summary>
    public decimal EstimatedCost { get; private set; }

    public long Refused { get; private set; }

    /// <summary>Turns accepted but not answered (model errors, timeouts).</summary>
    public long Failed { get; private set; }

    /// <summary>Refusals by a daily limit (rules <c>quota.*</c>); they are counted in <see cref="Refused"/> too.</summary>
    public long QuotaHits { get; private set; }

    public IReadOnlyDictionary<string, long> RefusalsByRule => _refusalsByRule;

    /// <summary>Findings per DLP detector id, whatever DLP then did with them (redact, block, or record only).</summary>
    public IReadOnlyDictionary<string, long> DlpFindings => _dlpFindings;

    public long Likes { get; private set; }

    public long Dislikes { get; private set; }

    internal void Add(UserActivity user)
    {
        ActiveUsers += user.Messages > 0 ? 1 : 0;
        Messages += user.Messages;
        TokensIn += user.TokensIn;
        TokensOut += user.TokensOut;
        Refused += user.Refused;
        Failed += user.Failed;
        foreach (var (rule, count) in user.RefusalsByRule)
        {
            _refusalsByRule[rule] = _refusalsByRule.GetValueOrDefault(rule) + count;
            QuotaHits += rule.StartsWith(ActivityQuery.QuotaRulePrefix, StringComparison.Ordinal) ? count : 0;
        }

        foreach (var (detector, count) in user.DlpFindings)
        {
            _dlpFindings[detector] = _dlpFindings.GetValueOrDefault(detector) + count;
        }

        Likes += user.Likes;
        Dislikes += user.Dislikes;
    }

    internal void Price(decimal per1KInput, decimal per1KOutput) =>
        EstimatedCost = Math.Round((TokensIn * per1KInput / 1000m) + (TokensOut * per1KOutput / 1000m), 4,
            MidpointRounding.AwayFromZero);
}
