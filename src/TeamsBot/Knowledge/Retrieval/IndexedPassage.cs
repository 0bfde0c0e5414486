namespace TeamsBot.Knowledge.Retrieval;

/// <summary>One passage as an external index stores it: its redacted text and vector, and who may read it.</summary>
public sealed record IndexedPassage(long ChunkId, long DocumentId, string TenantId, string? OwnerUserId,
    string? CollectionId, string Name, string? Heading, int? Page, string Text, float[] Vector);
