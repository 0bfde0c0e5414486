namespace TeamsBot.Policy;

/// <summary>The admin's policy. Section <c>Policy</c>; changes in the configuration file apply without a restart.</summary>
public sealed class PolicyOptions : TenantPolicyOptions
{
    public const string SectionName = "Policy";

    /// <summary>Tenant ids whose users may use the bot. Empty means only the bot's own tenant (MicrosoftAppTenantId).</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Per-tenant overrides for multi-tenant deployments, keyed by tenant id.</summary>
    public Dictionary<string, TenantPolicyOptions> Tenants { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
