using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Policy;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// One index run of a collection: lists its location, then adds new documents, reads again those whose version
/// (size and modification time) changed and re-ingests them when their bytes (SHA-256) changed too, and removes
/// documents gone from it. Every document goes through <see cref="FileIngestion"/>, like a file sent in chat: the same
/// readers, limits and DLP (the tenant policy's, enforced), so a secret in a company document is never indexed.
/// </summary>
internal sealed partial class CollectionIndexer(
    CollectionStore collections,
    IEnumerable<ICollectionSource> listers,
    IEnumerable<IDocumentSource> readers,
    FileIngestion ingestion,
    IPolicyProvider policies,
    IOptionsMonitor<CollectionOptions> options,
    IOptionsMonitor<KnowledgeOptions> knowledge,
    ILogger<CollectionIndexer> logger)
{
    /// <summary>
    /// Indexes the collection. <paramref name="stillHeld"/> is asked between documents (it renews the lease); when it
    /// answers false the run stops where it is, and the next run carries on.
    /// </summary>
    public async Task<CollectionIndexReport> IndexAsync(KnowledgeCollectionRecord collection,
        Func<CancellationToken, Task<bool>> stillHeld, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(stillHeld);
        var settings = options.CurrentValue;
        var lister = listers.FirstOrDefault(s => s.Kind == collection.SourceKind)
            ?? throw new CollectionLocationException("No source lists " + collection.SourceKind + " collections.");
        var reader = readers.First(s => s.Kind == collection.SourceKind);
        // Listing fails as a whole (too many files, folder gone): then nothing is removed.
        var listed = await lister.ListAsync(collection.Location, settings.MaxDocumentsPerCollection, cancellationToken);
        var indexed = (await collections.DocumentsAsync(collection.TenantId, collection.Id, cancellationToken))
            .ToDictionary(d => d.SourceKey, StringComparer.Ordinal);
        var dlp = policies.For(collection.TenantId).Dlp;
        int added = 0, updated = 0, unchanged = 0, refused = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in listed)
        {
            if (!await stillHeld(cancellationToken))
            {
                LogLeaseLost(collection.Id);
                return new CollectionIndexReport(added, updated, unchanged, 0, refused, Complete: false);
            }

            string key = SourceKey(collection.Id, item.Key);
            seen.Add(key);
            indexed.TryGetValue(key, out var known);
            if (known?.SourceVersion == item.Version)
            {
                unchanged++;
                continue;
            }

            var document = new SourceDocument(collection.SourceKind, key, item.Name, item.Type, item.Location,
                new DocumentAccess(collection.TenantId, null, collection.Id), collection.Location, item.Version);
            if (known is not null && await SameBytesAsync(reader, document, known.ContentHash, cancellationToken))
            {
                await collections.SetVersionAsync(known.Id, item.Version, cancellationToken);
                unchanged++;
                continue;
            }

            var result = await ingestion.IngestAsync(document, dlp, settings.DocumentTimeout, cancellationToken);
            if (result.IsStored)
            {
                if (known is null)
                {
                    added++;
                }
                else
                {
                    updated++;
                }

                continue;
            }

            refused++;
            if (known is not null)
            {
                // Its old text no longer says what the file says: it goes, rather than answering from a stale copy.
                await collections.DeleteDocumentsAsync(collection.Id, [known.Id], cancellationToken);
            }
        }

        var gone = indexed.Values.Where(d => !seen.Contains(d.SourceKey)).Select(d => d.Id).ToList();
        int removed = await collections.DeleteDocumentsAsync(collection.Id, gone, cancellationToken);
        if (await collections.GetAsync(collection.Id, cancellationToken) is null)
        {
            // Removed by an admin while this run was reading: nothing it stored may stay.
            var orphans = await collections.DocumentsAsync(collection.TenantId, collection.Id, CancellationToken.None);
            await collections.DeleteDocumentsAsync(collection.Id, orphans.Select(d => d.Id).ToList(), CancellationToken.None);
        }

        LogIndexed(collection.Id, added, updated, unchanged, removed, refused);
        return new CollectionIndexReport(added, updated, unchanged, removed, refused, Complete: true);
    }

    /// <summary>The stored key of a collection's document: the collection's id, then the source's key for it.</summary>
    public static string SourceKey(string collectionId, string key) => collectionId + "/" + key;

    /// <summary>Whether the document's bytes hash to what is indexed; a document that cannot be read counts as changed.</summary>
    private async Task<bool> SameBytesAsync(IDocumentSource reader, SourceDocument document, string indexedHash,
        CancellationToken cancellationToken)
    {
        try
        {
            byte[] content = await reader.ReadAsync(document, knowledge.CurrentValue.MaxFileBytes, cancellationToken);
            return string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), indexedHash, StringComparison.Ordinal);
        }
        catch (FileRefusedException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1941, Level = LogLevel.Information,
        Message = "Collection {CollectionId} indexed: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Refused} refused")]
    private partial void LogIndexed(string collectionId, int added, int updated, int unchanged, int removed, int refused);

    [LoggerMessage(EventId = 1942, Level = LogLevel.Warning,
        Message = "Collection {CollectionId}: the index lease was lost mid-run; stopped, another instance carries on")]
    private partial void LogLeaseLost(string collectionId);
}
