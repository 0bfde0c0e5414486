namespace TeamsBot.Knowledge;

/// <summary>
/// A document whose text is indexed: where it came from, who may read it, and what was kept of it. Its passages are
/// <see cref="KnowledgeChunkRecord"/> rows, deleted with it.
/// </summary>
public sealed class KnowledgeDocumentRecord
{
    public long Id { get; set; }

    public required string TenantId { get; set; }

    /// <summary>The person who owns it (a file they sent); null for a collection's document.</summary>
    public string? OwnerUserId { get; set; }

    /// <summary>The collection it belongs to; null for a person's own file.</summary>
    public string? CollectionId { get; set; }

    /// <summary>The source that reads it (see <see cref="Sources.IDocumentSource.Kind"/>).</summary>
    public required string SourceKind { get; set; }

    /// <summary>
    /// Stable key within the source and reader: the owner's id or the collection's, then the source's own id for the
    /// document. Sending the same file again replaces it; two people sending one file keep a copy each.
    /// </summary>
    public required string SourceKey { get; set; }

    /// <summary>The file's name, as shown in the file list and in citations.</summary>
    public required string Name { get; set; }

    public KnowledgeFileType FileType { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the bytes read, hex: an unchanged file need not be read again.</summary>
    public required string ContentHash { get; set; }

    /// <summary>Pages, slides or sheets with text; null where the format has none.</summary>
    public int? Pages { get; set; }

    public int ChunkCount { get; set; }

    /// <summary>Values DLP removed before anything was stored.</summary>
    public int Redactions { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The model its passages' vectors come from (<see cref="Embeddings.EmbeddingOptions.ModelId"/>): a question is
    /// compared only with vectors of its own model, so changing the provider never mixes scales.
    /// </summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>
    /// A collection's document: its version at the source when read (a folder's file: size and modification time;
    /// a drive item: its eTag), so an index run skips it while that is unchanged. Null for a file sent in chat.
    /// </summary>
    public string? SourceVersion { get; set; }

    /// <summary>
    /// A file sent in chat is Reading until its background reader stored its passages, then Pending until a worker has
    /// embedded them (<see cref="KnowledgeIndexingQueue"/>), then Ready.
    /// </summary>
    public KnowledgeDocumentState State { get; set; }

    /// <summary>The instance embedding it now, until <see cref="IndexingLeaseUntil"/>; any instance takes over after.</summary>
    public string? IndexingLeaseOwner { get; set; }

    public DateTime? IndexingLeaseUntil { get; set; }

    /// <summary>Claims so far: a document whose indexing keeps failing (a crash each time) is refused, not retried forever.</summary>
    public int IndexingAttempts { get; set; }

    /// <summary>
    /// While reading or pending: the Bot Framework conversation reference of the personal chat the file came in (no
    /// credential), to answer with the ready card or the refusal. Cleared when it is ready.
    /// </summary>
    public string? NoticeReferenceJson { get; set; }

    /// <summary>
    /// The id of the message that carried the file: the cards answer it, and a re-delivery of that message finds the
    /// file already received (kept once ready, for that reason).
    /// </summary>
    public string? NoticeActivityId { get; set; }

    /// <summary>
    /// While reading: when its reader must have finished (receipt, or the reader's start, plus the time limit and a
    /// margin). A document still reading after it lost its reader (a crash); any instance removes it and tells the sender.
    /// </summary>
    public DateTime? ReadingDeadline { get; set; }
}
