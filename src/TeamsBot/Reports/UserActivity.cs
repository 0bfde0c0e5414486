namespace TeamsBot.Reports;

/// <summary>One user's figures over a report's range, summed by the database; the unit every breakdown is made of.</summary>
internal sealed class UserActivity(string tenantId, string userId)
{
    public string TenantId { get; } = tenantId;

    public string UserId { get; } = userId;

    /// <summary>Audit records: one per turn the bot decided on, whatever the decision.</summary>
    public long Messages { get; set; }

    public long TokensIn { get; set; }

    public long TokensOut { get; set; }

    public long Refused { get; set; }

    public long Failed { get; set; }

    public Dictionary<string, long> RefusalsByRule { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> DlpFindings { get; } = new(StringComparer.Ordinal);

    public long Likes { get; set; }

    public long Dislikes { get; set; }
}
