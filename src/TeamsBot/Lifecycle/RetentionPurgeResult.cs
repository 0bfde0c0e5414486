namespace TeamsBot.Lifecycle;

/// <summary>
/// What one purge run deleted (feedback and answer-message ids go with their turns, a file's passages with it,
/// uncounted).
/// </summary>
public sealed record RetentionPurgeResult(int Turns, int Conversations, int Welcomes, int UsageCounters, int Files)
{
    public int Total => Turns + Conversations + Welcomes + UsageCounters + Files;
}
