namespace TeamsBot.Lifecycle;

/// <summary>What one purge run deleted (feedback and answer-message ids go with their turns, uncounted).</summary>
public sealed record RetentionPurgeResult(int Turns, int Conversations, int Welcomes, int UsageCounters)
{
    public int Total => Turns + Conversations + Welcomes + UsageCounters;
}
