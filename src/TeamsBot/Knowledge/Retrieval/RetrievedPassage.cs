namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// A passage that answered a search, with where it came from (for the citation) and how it scored. Its
/// <paramref name="Similarity"/> is NaN when its vectors are of another model than the question's (its document is
/// being embedded again after the model changed): it was found by words only, and compared with nothing.
/// </summary>
public sealed record RetrievedPassage(long ChunkId, long DocumentId, string DocumentName, string? Heading, int? Page,
    string Text, double Similarity, double Score);
