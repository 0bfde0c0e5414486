using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge;

/// <summary>
/// Keeps an external index (<see cref="IKnowledgeIndexWriter.KeepsCopies"/>) in step with deletes: the passages leave the
/// index before the database deletes them, so a failure leaves the documents in the database and the delete is tried
/// again (the person asks again, the next retention or index run finds them again); never a deleted document whose
/// text stays in the index unnoticed. After the database commits, the same ids go once more, for a passage pushed
/// meanwhile by a document finishing its indexing.
/// </summary>
internal static class KnowledgeIndexCopies
{
    /// <summary>Removes the documents' passages from the index; throws when it could not. Returns their ids.</summary>
    public static async Task<IReadOnlyList<long>> RemoveAsync(IKnowledgeIndexWriter writer, BotDbContext db,
        IQueryable<KnowledgeDocumentRecord> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(db);
        if (!writer.KeepsCopies)
        {
            return [];
        }

        var ids = await ChunkIdsAsync(writer, db, documents, cancellationToken);
        if (ids.Count > 0)
        {
            await writer.DeleteAsync(ids, cancellationToken);
        }

        return ids;
    }

    /// <summary>
    /// The documents' passage ids, read again inside the deleting transaction: a passage stored between the first
    /// removal and the delete is removed after the commit too. Empty when the index keeps no copies.
    /// </summary>
    public static async Task<IReadOnlyList<long>> ChunkIdsAsync(IKnowledgeIndexWriter writer, BotDbContext db,
        IQueryable<KnowledgeDocumentRecord> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(db);
        return writer.KeepsCopies
            ? await db.Set<KnowledgeChunkRecord>().Where(c => documents.Select(d => d.Id).Contains(c.DocumentId))
                .Select(c => c.Id).ToListAsync(cancellationToken)
            : [];
    }

    /// <summary>
    /// The same passages again, once the database has committed. A failure here changes nothing for readers (search
    /// reads text from the database) and the writer has logged it, so it is not thrown over a delete that happened.
    /// </summary>
    public static async Task RemoveAgainAsync(IKnowledgeIndexWriter writer, IReadOnlyList<long> chunkIds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(chunkIds);
        if (chunkIds.Count == 0)
        {
            return;
        }

        try
        {
            await writer.DeleteAsync(chunkIds, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Logged by the writer with its status; the first removal already took these passages out.
        }
    }
}
