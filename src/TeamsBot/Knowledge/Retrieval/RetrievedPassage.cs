namespace TeamsBot.Knowledge.Retrieval;

/// <summary>A passage that answered a search, with where it came from (for the citation) and how it scored.</summary>
public sealed record RetrievedPassage(long ChunkId, long DocumentId, string DocumentName, string? Heading, int? Page,
    string Text, double Similarity, double Score);
