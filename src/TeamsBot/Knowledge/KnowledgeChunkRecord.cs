namespace TeamsBot.Knowledge;

/// <summary>One stored passage of a document, already scanned by DLP, with its heading and page for citations.</summary>
public sealed class KnowledgeChunkRecord
{
    public long Id { get; set; }

    public long DocumentId { get; set; }

    public int Ordinal { get; set; }

    public string? Heading { get; set; }

    public int? Page { get; set; }

    public required string Text { get; set; }

    /// <summary>
    /// The passage's unit vector (float32, little-endian) from the document's
    /// <see cref="KnowledgeDocumentRecord.EmbeddingModel"/>; null when it was stored without one.
    /// </summary>
    public byte[]? Embedding { get; set; }
}
