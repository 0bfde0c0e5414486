namespace TeamsBot.Quota;

/// <summary>Messages and tokens used by one user or tenant on one UTC day.</summary>
public sealed class UsageCounter
{
    /// <summary>The UTC day, yyyy-MM-dd.</summary>
    public required string Day { get; set; }

    /// <summary><c>user:{tenant}:{user}</c> or <c>tenant:{tenant}</c>.</summary>
    public required string Subject { get; set; }

    public int Messages { get; set; }

    public long Tokens { get; set; }
}
