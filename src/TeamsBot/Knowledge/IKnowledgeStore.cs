namespace TeamsBot.Knowledge;

/// <summary>Stored documents and their passages. Every read and delete is bounded to one tenant and reader.</summary>
public interface IKnowledgeStore
{
    /// <summary>
    /// Stores a document with its passages (and their vectors, one per passage, of the document's
    /// <see cref="KnowledgeDocumentRecord.EmbeddingModel"/>), replacing the one with the same tenant, source and key, in
    /// one transaction. Returns the document's id.
    /// </summary>
    Task<long> SaveAsync(KnowledgeDocumentRecord document, IReadOnlyList<TextChunk> chunks,
        IReadOnlyList<float[]>? embeddings, CancellationToken cancellationToken);

    /// <summary>Whether the document with this key exists (a re-sent file replaces it and does not count again).</summary>
    Task<bool> ExistsAsync(string tenantId, string sourceKind, string sourceKey, CancellationToken cancellationToken);

    /// <summary>A person's own files, oldest first (the numbers in the file list).</summary>
    Task<IReadOnlyList<KnowledgeDocumentRecord>> ListOwnedAsync(string tenantId, string userId,
        CancellationToken cancellationToken);

    /// <summary>Deletes one of a person's own files with its passages; false when they own no such file.</summary>
    Task<bool> DeleteOwnedAsync(string tenantId, string userId, long documentId, CancellationToken cancellationToken);

    /// <summary>The passages of a document, in order (export, re-indexing, tests).</summary>
    Task<IReadOnlyList<KnowledgeChunkRecord>> GetChunksAsync(long documentId, CancellationToken cancellationToken);
}
