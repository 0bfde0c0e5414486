namespace TeamsBot.Lifecycle;

/// <summary>
/// How long stored conversations are kept, in days, per scope; <c>0</c> keeps them until a user asks to be forgotten.
/// Section <c>Retention</c>; <c>Retention:Tenants:{tenantId}</c> overrides a scope for one tenant.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Upper bound of any period: ten years. A larger value is a typo.</summary>
    internal const int LongestDays = 3650;

    /// <summary>1:1 chats: messages, answers, feedback, the chat's reference and redaction map.</summary>
    public int Personal { get; set; } = 365;

    /// <summary>Group chats, as above.</summary>
    public int GroupChat { get; set; } = 365;

    /// <summary>Channel threads, as above.</summary>
    public int Channel { get; set; } = 365;

    /// <summary>
    /// Files people sent in the 1:1 chat (the text kept from them, with its passages), counted from when the file was
    /// received; a file sent again starts over.
    /// </summary>
    public int Files { get; set; } = 365;

    /// <summary>
    /// Daily usage counters (per user and per tenant). At least 31: the usage report and the quota read back up to 30
    /// days.
    /// </summary>
    public int UsageCounters { get; set; } = 90;

    /// <summary>How often each instance runs the purge. Runs on several instances are safe: one does the work.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per-tenant periods, keyed by tenant id; a scope left out uses the value above.</summary>
    public Dictionary<string, TenantRetentionOptions> Tenants { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
