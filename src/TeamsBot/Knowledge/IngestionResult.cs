namespace TeamsBot.Knowledge;

/// <summary>
/// What became of one received file: stored (with counts for the card; <paramref name="Pending"/> while its passages
/// wait for their vectors), or refused and why.
/// </summary>
public sealed record IngestionResult(string Name, FileRefusal? Refusal, int? Pages = null, int Passages = 0,
    int Redactions = 0, bool Replaced = false, bool Pending = false)
{
    public bool IsStored => Refusal is null;
}
