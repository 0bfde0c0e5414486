using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge;

/// <summary><see cref="IKnowledgeStore"/> in the bot's database (SQLite or PostgreSQL).</summary>
internal sealed class EfKnowledgeStore(IDbContextFactory<BotDbContext> contexts) : IKnowledgeStore
{
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
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Passages go with their document by cascade.
        await db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.TenantId == document.TenantId && d.SourceKind == document.SourceKind
                && d.SourceKey == document.SourceKey)
            .ExecuteDeleteAsync(cancellationToken);
        document.ChunkCount = chunks.Count;
        db.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        db.AddRange(chunks.Select((c, i) => new KnowledgeChunkRecord
        {
            DocumentId = document.Id,
            Ordinal = c.Ordinal,
            Heading = c.Heading,
            Page = c.Page,
            Text = c.Text,
            Embedding = embeddings is null ? null : VectorCodec.ToBytes(embeddings[i]),
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return document.Id;
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
        int deleted = await db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.Id == documentId && d.TenantId == tenantId && d.OwnerUserId == userId)
            .ExecuteDeleteAsync(cancellationToken);
        await SqliteSecureDelete.CheckpointAsync(db, CancellationToken.None);
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
        return db.Set<KnowledgeDocumentRecord>().Where(d => d.TenantId == tenantId && d.OwnerUserId == userId)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
