namespace TeamsBot.Knowledge.Collections;

/// <summary>What one index run did; <paramref name="Complete"/> is false when it stopped early (its lease was lost).</summary>
public sealed record CollectionIndexReport(int Added, int Updated, int Unchanged, int Removed, int Refused, bool Complete);
