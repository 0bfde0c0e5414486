using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// Collections and their index bookkeeping in the bot's database (SQLite or PostgreSQL). The index lease is a
/// conditional update, so of several instances exactly one indexes a collection at a time, and another takes over
/// when a lease lapses.
/// </summary>
internal sealed class CollectionStore(IDbContextFactory<BotDbContext> contexts,
    IKnowledgeIndexWriter? indexWriter = null)
{
    private readonly IKnowledgeIndexWriter _index = indexWriter ?? DatabaseIndexWriter.Instance;

    /// <summary>Adds the collection; false when the tenant already has one of that name.</summary>
    public async Task<bool> AddAsync(KnowledgeCollectionRecord collection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collections = db.Set<KnowledgeCollectionRecord>();
        if (await collections.AnyAsync(c => c.TenantId == collection.TenantId && c.Name == collection.Name, cancellationToken))
        {
            return false;
        }

        collections.Add(collection);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin added the same name at the same moment: the unique index decided.
            if (await NameTakenAsync(collection, cancellationToken))
            {
                return false;
            }

            throw;
        }

        return true;
    }

    /// <summary>The tenant's collections by name, or every tenant's when <paramref name="tenantId"/> is null.</summary>
    public async Task<IReadOnlyList<KnowledgeCollectionRecord>> ListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>().AsNoTracking()
            .Where(c => tenantId == null || c.TenantId == tenantId)
            .OrderBy(c => c.TenantId).ThenBy(c => c.Name).ToListAsync(cancellationToken);
    }

    public async Task<KnowledgeCollectionRecord?> FindAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(c => c.TenantId == tenantId && c.Name == name, cancellationToken);
    }

    public async Task<KnowledgeCollectionRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>
    /// Removes the collection with every document and passage of it (their keyword index entries go by trigger), in
    /// one transaction; null when there is no such collection.
    /// </summary>
    public async Task<KnowledgeCollectionRecord?> RemoveAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collection = await db.Set<KnowledgeCollectionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(c => c.TenantId == tenantId && c.Name == name, cancellationToken);
        if (collection is null)
        {
            return null;
        }

        var documents = db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.TenantId == tenantId && d.CollectionId == collection.Id);
        // Out of an external index first, outside the write transaction: if it cannot be reached, the collection stays
        // and removing it can be asked again.
        var passages = await KnowledgeIndexCopies.RemoveAsync(_index, db, documents, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        passages = [.. passages.Union(await KnowledgeIndexCopies.ChunkIdsAsync(_index, db, documents, cancellationToken))];
        await documents.ExecuteDeleteAsync(cancellationToken);
        await db.Set<KnowledgeCollectionRecord>().Where(c => c.Id == collection.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await SqliteSecureDelete.CheckpointAsync(db, CancellationToken.None);
        await KnowledgeIndexCopies.RemoveAgainAsync(_index, passages);
        return collection;
    }

    /// <summary>Makes the collection due for indexing now (admin's <c>reindex</c>).</summary>
    public async Task<bool> MarkDueAsync(string id, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>().Where(c => c.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.NextIndexAt, now), cancellationToken) > 0;
    }

    /// <summary>Ids of collections due for indexing that no instance holds.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>().AsNoTracking()
            .Where(c => c.NextIndexAt <= now && (c.IndexLeaseUntil == null || c.IndexLeaseUntil < now))
            .OrderBy(c => c.NextIndexAt).Select(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the collection for indexing until <paramref name="until"/> if no instance holds it (and, unless
    /// <paramref name="dueOnly"/> is false, if it is due): one conditional update, so only one instance wins.
    /// </summary>
    public async Task<bool> TryClaimAsync(string id, string owner, DateTime now, DateTime until, bool dueOnly,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>()
            .Where(c => c.Id == id && (c.IndexLeaseUntil == null || c.IndexLeaseUntil < now) && (!dueOnly || c.NextIndexAt <= now))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IndexLeaseOwner, owner).SetProperty(c => c.IndexLeaseUntil, until),
                cancellationToken) == 1;
    }

    /// <summary>Extends the lease; false when this owner no longer holds it (it lapsed and another instance took it).</summary>
    public async Task<bool> RenewAsync(string id, string owner, DateTime until, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>().Where(c => c.Id == id && c.IndexLeaseOwner == owner)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IndexLeaseUntil, until), cancellationToken) == 1;
    }

    /// <summary>Lets go of the lease, recording the run (when it finished) and when the next is due.</summary>
    public async Task ReleaseAsync(string id, string owner, DateTime? indexedAt, DateTime nextIndexAt,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<KnowledgeCollectionRecord>().Where(c => c.Id == id && c.IndexLeaseOwner == owner)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IndexLeaseOwner, (string?)null)
                .SetProperty(c => c.IndexLeaseUntil, (DateTime?)null)
                .SetProperty(c => c.IndexedAt, c => indexedAt ?? c.IndexedAt)
                .SetProperty(c => c.NextIndexAt, nextIndexAt), cancellationToken);
    }

    /// <summary>What is indexed of a collection: each document's id, key, version at the source and content hash.</summary>
    public async Task<IReadOnlyList<IndexedDocument>> DocumentsAsync(string tenantId, string collectionId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeDocumentRecord>().AsNoTracking()
            .Where(d => d.TenantId == tenantId && d.CollectionId == collectionId)
            .Select(d => new IndexedDocument(d.Id, d.SourceKey, d.SourceVersion, d.ContentHash))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Records a new version of a document whose bytes did not change (a file touched, not edited).</summary>
    public async Task SetVersionAsync(long documentId, string version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<KnowledgeDocumentRecord>().Where(d => d.Id == documentId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.SourceVersion, version), cancellationToken);
    }

    /// <summary>Deletes documents of a collection (gone from its folder) with their passages.</summary>
    public async Task<int> DeleteDocumentsAsync(string collectionId, IReadOnlyCollection<long> documentIds,
        CancellationToken cancellationToken)
    {
        if (documentIds.Count == 0)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.CollectionId == collectionId && documentIds.Contains(d.Id));
        // Out of an external index first: if it cannot be reached, they stay and the next run deletes them again.
        var passages = await KnowledgeIndexCopies.RemoveAsync(_index, db, documents, cancellationToken);
        int deleted = await documents.ExecuteDeleteAsync(cancellationToken);
        await SqliteSecureDelete.CheckpointAsync(db, CancellationToken.None);
        await KnowledgeIndexCopies.RemoveAgainAsync(_index, passages);
        return deleted;
    }

    private async Task<bool> NameTakenAsync(KnowledgeCollectionRecord collection, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeCollectionRecord>().AnyAsync(
            c => c.TenantId == collection.TenantId && c.Name == collection.Name && c.Id != collection.Id, cancellationToken);
    }
}
