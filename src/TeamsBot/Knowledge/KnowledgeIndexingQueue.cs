using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge;

/// <summary>
/// Documents waiting for their vectors, claimed like turns are: a conditional update sets an owner and a lease on the
/// oldest pending document no one holds, so one instance embeds it, and any instance takes it over once the lease has
/// passed (a crash). The database is the queue; <see cref="KnowledgeIndexingSignal"/> only wakes the worker.
/// </summary>
internal sealed class KnowledgeIndexingQueue(IDbContextFactory<BotDbContext> contexts,
    IKnowledgeIndexWriter? indexWriter = null)
{
    private readonly IKnowledgeIndexWriter _index = indexWriter ?? DatabaseIndexWriter.Instance;

    /// <summary>The oldest pending document nobody holds, now held by <paramref name="owner"/>; null when there is none.</summary>
    public async Task<KnowledgeDocumentRecord?> ClaimAsync(string owner, DateTime now, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = db.Set<KnowledgeDocumentRecord>();
        // A few candidates: another instance may win the first.
        var candidates = await documents.AsNoTracking()
            .Where(d => d.State == KnowledgeDocumentState.Pending && (d.IndexingLeaseUntil == null || d.IndexingLeaseUntil < now))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(4).ToListAsync(cancellationToken);
        foreach (long id in candidates)
        {
            int claimed = await documents
                .Where(d => d.Id == id && d.State == KnowledgeDocumentState.Pending
                    && (d.IndexingLeaseUntil == null || d.IndexingLeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.IndexingLeaseOwner, owner)
                    .SetProperty(d => d.IndexingLeaseUntil, now + lease)
                    .SetProperty(d => d.IndexingAttempts, d => d.IndexingAttempts + 1), cancellationToken);
            if (claimed == 1)
            {
                return await documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// Stores the passages' vectors and makes the document ready, in one transaction, if <paramref name="owner"/> still
    /// holds it; false when it was forgotten, replaced or taken over meanwhile (nothing is written then). An external
    /// index gets the passages first, outside the transaction: when it does not take them this throws, the document
    /// stays pending, and the next claim after the lease tries again (up to the attempts limit, then it is refused).
    /// </summary>
    public async Task<bool> CompleteAsync(long documentId, string owner, string embeddingModel,
        IReadOnlyList<(long ChunkId, float[] Vector)> vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        IReadOnlyList<long> pushed = [];
        if (_index.KeepsCopies)
        {
            pushed = await PushAsync(db, documentId, owner, vectors, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The document first: it takes the write lock and proves the lease before any passage is touched.
        int held = await db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.Id == documentId && d.State == KnowledgeDocumentState.Pending && d.IndexingLeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, KnowledgeDocumentState.Ready)
                .SetProperty(d => d.EmbeddingModel, embeddingModel)
                .SetProperty(d => d.IndexingLeaseOwner, (string?)null)
                .SetProperty(d => d.IndexingLeaseUntil, (DateTime?)null)
                .SetProperty(d => d.NoticeReferenceJson, (string?)null), cancellationToken);
        if (held != 1)
        {
            // Forgotten or replaced meanwhile: what was pushed for it goes too.
            await transaction.RollbackAsync(CancellationToken.None);
            await KnowledgeIndexCopies.RemoveAgainAsync(_index, pushed);
            return false;
        }

        foreach (var (chunkId, vector) in vectors)
        {
            byte[] bytes = VectorCodec.ToBytes(vector);
            await db.Set<KnowledgeChunkRecord>().Where(c => c.Id == chunkId && c.DocumentId == documentId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Embedding, bytes), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The held document's passages with their new vectors, to the external index; the ids pushed.</summary>
    private async Task<IReadOnlyList<long>> PushAsync(BotDbContext db, long documentId, string owner,
        IReadOnlyList<(long ChunkId, float[] Vector)> vectors, CancellationToken cancellationToken)
    {
        var document = await db.Set<KnowledgeDocumentRecord>().AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == documentId && d.State == KnowledgeDocumentState.Pending
                && d.IndexingLeaseOwner == owner, cancellationToken);
        if (document is null)
        {
            return [];
        }

        var byId = vectors.ToDictionary(v => v.ChunkId, v => v.Vector);
        var chunks = await db.Set<KnowledgeChunkRecord>().AsNoTracking().Where(c => c.DocumentId == documentId)
            .ToListAsync(cancellationToken);
        var passages = chunks.Where(c => byId.ContainsKey(c.Id))
            .Select(c => EfKnowledgeStore.Indexed(document, c, byId[c.Id])).ToList();
        await _index.UpsertAsync(passages, cancellationToken);
        return passages.Select(p => p.ChunkId).ToList();
    }

    /// <summary>Deletes a pending document this owner holds, with its passages: it was refused.</summary>
    public async Task AbandonAsync(long documentId, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.Id == documentId && d.State == KnowledgeDocumentState.Pending && d.IndexingLeaseOwner == owner)
            .ExecuteDeleteAsync(cancellationToken);
        await SqliteSecureDelete.CheckpointAsync(db, CancellationToken.None);
    }
}
