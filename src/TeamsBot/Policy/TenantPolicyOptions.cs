namespace TeamsBot.Policy;

/// <summary>
/// The rules one tenant gets. Used for the defaults (<c>Policy:…</c>) and for overrides
/// (<c>Policy:Tenants:{tenantId}:…</c>), where anything left out is inherited from the defaults.
/// </summary>
public class TenantPolicyOptions
{
    public ScopeOptions Scopes { get; set; } = new();

    /// <summary>Microsoft Entra group object ids; empty means everyone in an allowed tenant.</summary>
    public List<string>? AllowedGroups { get; set; }

    /// <summary>Microsoft Entra user object ids that may not use the bot.</summary>
    public List<string>? BlockedUsers { get; set; }

    public QuotaOptions Quotas { get; set; } = new();

    /// <summary>
    /// The organisation's page on using AI (http or https). When set, the welcome card links to it as "Usage policy".
    /// </summary>
    public Uri? PolicyUrl { get; set; }

    /// <summary>
    /// A tenant's own DLP rules (<c>Policy:Tenants:{id}:Dlp</c>); when given they replace the defaults in
    /// <c>Policy:Dlp</c> for that tenant. Unused on the defaults themselves, which bind to DlpOptions.
    /// </summary>
    public Dlp.DlpOptions? Dlp { get; set; }
}
