using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge;

/// <summary>
/// <see cref="IKnowledgeStore"/> in the bot's database (SQLite or PostgreSQL), the source of truth; an external index
/// (<paramref name="indexWriter"/>) gets ready passages after they are stored and loses deleted ones before they are
/// deleted (<see cref="KnowledgeIndexCopies"/>).
/// </summary>
internal sealed class EfKnowledgeStore(IDbContextFactory<BotDbContext> contexts, IKnowledgeIndexWriter? indexWriter = null)
    : IKnowledgeStore
{
    private readonly IKnowledgeIndexWriter _index = indexWriter ?? DatabaseIndexWriter.Instance;

    public async Task<long> SaveAsync(KnowledgeDocumentRecord document, IReadOnlyList<TextChunk> chunks,
        IReadOnlyList<float[]>? embeddings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        if (embeddings is not null && embeddings.Count != chunks.Count)
        {
            throw new ArgumentException("One vector per passage.", nameof(embeddings));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var replaced = db.Set<KnowledgeDocumentRecord>().Where(d => d.TenantId == document.TenantId
            && d.SourceKind == document.SourceKind && d.SourceKey == document.SourceKey);
        var replacedPassages = await KnowledgeIndexCopies.RemoveAsync(_index, db, replaced, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Passages go with their document by cascade.
        await replaced.ExecuteDeleteAsync(cancellationToken);
        document.ChunkCount = chunks.Count;
        db.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        var stored = chunks.Select((c, i) => new KnowledgeChunkRecord
        {
            DocumentId = document.Id,
            Ordinal = c.Ordinal,
            Heading = c.Heading,
            Page = c.Page,
            Text = c.Text,
            Embedding = embeddings is null ? null : VectorCodec.ToBytes(embeddings[i]),
        }).ToList();
        db.AddRange(stored);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await KnowledgeIndexCopies.RemoveAgainAsync(_index, replacedPassages);
        if (embeddings is not null && _index.KeepsCopies)
        {
            await PushAsync(db, document, stored, embeddings, cancellationToken);
        }

        return document.Id;
    }

    /// <summary>
    /// Pushes a ready document's passages. When the index does not take them, the document is deleted again and the
    /// failure thrown: the caller reports it and the next index run reads the document anew, rather than a document
    /// the database has and the index silently lacks.
    /// </summary>
    private async Task PushAsync(BotDbContext db, KnowledgeDocumentRecord document,
        List<KnowledgeChunkRecord> stored, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken)
    {
        try
        {
            await _index.UpsertAsync(stored.Select((c, i) => Indexed(document, c, embeddings[i])).ToList(),
                cancellationToken);
        }
        catch (Exception)
        {
            await db.Set<KnowledgeDocumentRecord>().Where(d => d.Id == document.Id)
                .ExecuteDeleteAsync(CancellationToken.None);
            await KnowledgeIndexCopies.RemoveAgainAsync(_index, stored.Select(c => c.Id).ToList());
            throw;
        }
    }

    /// <summary>A stored passage as an external index keeps it.</summary>
    internal static IndexedPassage Indexed(KnowledgeDocumentRecord document, KnowledgeChunkRecord chunk, float[] vector)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunk);
        return new IndexedPassage(chunk.Id, document.Id, document.TenantId, document.OwnerUserId, document.CollectionId,
            document.Name, chunk.Heading, chunk.Page, chunk.Text, vector);
    }

    public async Task<bool> ExistsAsync(string tenantId, string sourceKind, string sourceKey,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeDocumentRecord>().AnyAsync(
            d => d.TenantId == tenantId && d.SourceKind == sourceKind && d.SourceKey == sourceKey, cancellationToken);
    }

    public async Task<IReadOnlyList<KnowledgeDocumentRecord>> ListOwnedAsync(string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeDocumentRecord>().AsNoTracking()
            .Where(d => d.TenantId == tenantId && d.OwnerUserId == userId)
            .OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> DeleteOwnedAsync(string tenantId, string userId, long documentId,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var owned = db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.Id == documentId && d.TenantId == tenantId && d.OwnerUserId == userId);
        var passages = await KnowledgeIndexCopies.RemoveAsync(_index, db, owned, cancellationToken);
        int deleted = await owned.ExecuteDeleteAsync(cancellationToken);
        await SqliteSecureDelete.CheckpointAsync(db, CancellationToken.None);
        await KnowledgeIndexCopies.RemoveAgainAsync(_index, passages);
        return deleted > 0;
    }

    public async Task<IReadOnlyList<KnowledgeChunkRecord>> GetChunksAsync(long documentId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeChunkRecord>().AsNoTracking().Where(c => c.DocumentId == documentId)
            .OrderBy(c => c.Ordinal).ToListAsync(cancellationToken);
    }

    /// <summary>"Forget me": every file the person sent, with its passages, inside the caller's transaction.</summary>
    internal static Task<int> ForgetUserAsync(BotDbContext db, string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Owned(db, tenantId, userId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// "Forget me", first step: the person's passages leave an external index (throws when they could not, before
    /// anything is deleted). Returns their ids, to remove once more after the caller commits.
    /// </summary>
    internal static Task<IReadOnlyList<long>> ForgetUserInIndexAsync(IKnowledgeIndexWriter writer, BotDbContext db,
        string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return KnowledgeIndexCopies.RemoveAsync(writer, db, Owned(db, tenantId, userId), cancellationToken);
    }

    /// <summary>"Forget me", inside the caller's transaction: the ids to remove once more after it commits.</summary>
    internal static Task<IReadOnlyList<long>> OwnedPassageIdsAsync(IKnowledgeIndexWriter writer, BotDbContext db,
        string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return KnowledgeIndexCopies.ChunkIdsAsync(writer, db, Owned(db, tenantId, userId), cancellationToken);
    }

    private static IQueryable<KnowledgeDocumentRecord> Owned(BotDbContext db, string tenantId, string userId) =>
        db.Set<KnowledgeDocumentRecord>().Where(d => d.TenantId == tenantId && d.OwnerUserId == userId);
}
