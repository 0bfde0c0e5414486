namespace TeamsBot.Policy;

/// <summary>Daily limits (UTC days); empty or 0 means unlimited. <c>Policy:Quotas</c>.</summary>
public sealed class QuotaOptions
{
    public int? MessagesPerUserPerDay { get; set; }

    public long? TokensPerUserPerDay { get; set; }

    public long? TokensPerTenantPerDay { get; set; }
}
