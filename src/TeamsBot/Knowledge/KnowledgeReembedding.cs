using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge;

/// <summary>
/// Ready documents whose vectors come from another model than the configured one (an admin changed
/// <c>Knowledge:Embeddings</c>), embedded again from their stored passage text, which DLP already redacted: nothing is
/// read from the source again. Claimed one document at a time with the indexing lease, as pending documents are
/// (<see cref="KnowledgeIndexingQueue"/>), so with several instances each document is embedded once and a crashed
/// instance's document is taken over after its lease. The new vectors and the new model are written in one
/// transaction: search never sees a document half of one model, and a crash leaves it whole on the old one, still
/// found by words, to be embedded again.
/// </summary>
internal sealed class KnowledgeReembedding(IDbContextFactory<BotDbContext> contexts, PassageEmbedder embedder,
    IKnowledgeIndexWriter? indexWriter = null)
{
    private readonly IKnowledgeIndexWriter _index = indexWriter ?? DatabaseIndexWriter.Instance;

    /// <summary>
    /// Claims the oldest ready document of another model that no one holds and embeds it with the configured model;
    /// its passage count, or null when there is none left. Throws when the embeddings endpoint or the external index
    /// fails: the document stays on its old model and held until its lease passes, so the next one is tried first.
    /// </summary>
    public async Task<int?> ReembedNextAsync(string owner, DateTime now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (await ClaimAsync(owner, now, lease, cancellationToken) is not { } claimed)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var chunks = await db.Set<KnowledgeChunkRecord>().AsNoTracking().Where(c => c.DocumentId == claimed.Id)
            .OrderBy(c => c.Ordinal).ToListAsync(cancellationToken);
        var vectors = await embedder.EmbedAsync(
            chunks.Select(c => PassageEmbedder.PassageText(c.Heading, c.Text)).ToList(), cancellationToken);
        if (_index.KeepsCopies)
        {
            // Replaces the service's copies (same ids) with the new vectors before the database says they are of it.
            await _index.UpsertAsync(chunks.Select((c, i) => EfKnowledgeStore.Indexed(claimed, c, vectors[i])).ToList(),
                cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The document first: it proves the lease, and that it was not replaced or forgotten meanwhile.
        int held = await db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.Id == claimed.Id && d.State == KnowledgeDocumentState.Ready && d.IndexingLeaseOwner == owner
                && d.EmbeddingModel == claimed.EmbeddingModel)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.EmbeddingModel, embedder.ModelId)
                .SetProperty(d => d.IndexingLeaseOwner, (string?)null)
                .SetProperty(d => d.IndexingLeaseUntil, (DateTime?)null), cancellationToken);
        if (held != 1)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            if (!await db.Set<KnowledgeDocumentRecord>().AnyAsync(d => d.Id == claimed.Id, CancellationToken.None))
            {
                // Forgotten meanwhile: what was pushed for it goes too.
                await KnowledgeIndexCopies.RemoveAgainAsync(_index, chunks.Select(c => c.Id).ToList());
            }

            return 0;
        }

        for (int i = 0; i < chunks.Count; i++)
        {
            byte[] bytes = VectorCodec.ToBytes(vectors[i]);
            long chunkId = chunks[i].Id;
            await db.Set<KnowledgeChunkRecord>().Where(c => c.Id == chunkId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Embedding, bytes), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return chunks.Count;
    }

    /// <summary>Ready documents still of another model than the configured one.</summary>
    public async Task<int> RemainingAsync(CancellationToken cancellationToken)
    {
        string model = embedder.ModelId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeDocumentRecord>().CountAsync(d => d.State == KnowledgeDocumentState.Ready
            && (d.EmbeddingModel == null || d.EmbeddingModel != model), cancellationToken);
    }

    /// <summary>The oldest ready document of another model nobody holds, now held by <paramref name="owner"/>.</summary>
    internal async Task<KnowledgeDocumentRecord?> ClaimAsync(string owner, DateTime now, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        string model = embedder.ModelId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = db.Set<KnowledgeDocumentRecord>();
        // A few candidates: another instance may win the first.
        var candidates = await documents.AsNoTracking()
            .Where(d => d.State == KnowledgeDocumentState.Ready && (d.EmbeddingModel == null || d.EmbeddingModel != model)
                && (d.IndexingLeaseUntil == null || d.IndexingLeaseUntil < now))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(4).ToListAsync(cancellationToken);
        foreach (long id in candidates)
        {
            int claimed = await documents
                .Where(d => d.Id == id && d.State == KnowledgeDocumentState.Ready
                    && (d.EmbeddingModel == null || d.EmbeddingModel != model)
                    && (d.IndexingLeaseUntil == null || d.IndexingLeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.IndexingLeaseOwner, owner)
                    .SetProperty(d => d.IndexingLeaseUntil, now + lease), cancellationToken);
            if (claimed == 1)
            {
                return await documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
            }
        }

        return null;
    }
}
