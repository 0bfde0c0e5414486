namespace TeamsBot.Lifecycle;

/// <summary>One tenant's retention periods in days (<c>Retention:Tenants:{tenantId}</c>); unset scopes inherit.</summary>
public sealed class TenantRetentionOptions
{
    public int? Personal { get; set; }

    public int? GroupChat { get; set; }

    public int? Channel { get; set; }

    public int? Files { get; set; }
}
