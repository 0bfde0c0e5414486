namespace TeamsBot.Quota;

/// <summary>Whether a turn may reach the model; when not, which limit and when it resets.</summary>
public sealed record QuotaDecision(bool Allowed, string? Rule = null, string? What = null, DateTime ResetsAtUtc = default)
{
    public static readonly QuotaDecision Allow = new(true);
}
