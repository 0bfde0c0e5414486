using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// Adding, listing and removing collections, one way for the command line and the admin command in Teams: the name,
/// readers and folder are checked here, and the folder must be under Knowledge:Collections:AllowedRoots.
/// </summary>
internal sealed partial class CollectionAdministration(
    CollectionStore collections,
    FolderSource folders,
    CollectionIndexSignal signal,
    TimeProvider clock,
    ILogger<CollectionAdministration> logger)
{
    /// <summary>Registers the collection, due for indexing at once; the error says what is wrong otherwise.</summary>
    public async Task<(KnowledgeCollectionRecord? Added, string? Error)> AddAsync(string tenantId, string name,
        string folder, string readers, string addedBy, CancellationToken cancellationToken)
    {
        if (!IsName(name))
        {
            return (null, $"A collection's name is 1 to {KnowledgeCollectionRecord.MaxNameLength} letters, digits, '-', '_' or '.'.");
        }

        if (!CollectionReaders.TryParse(readers, out string? canonical, out string? readersError))
        {
            return (null, readersError);
        }

        string location;
        try
        {
            location = folders.NormaliseLocation(folder);
        }
        catch (CollectionLocationException exception)
        {
            return (null, exception.Message);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var collection = new KnowledgeCollectionRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            TenantId = tenantId,
            Name = name,
            SourceKind = folders.Kind,
            Location = location,
            Readers = canonical,
            CreatedBy = addedBy,
            CreatedAt = now,
            NextIndexAt = now,
        };
        if (!await collections.AddAsync(collection, cancellationToken))
        {
            return (null, $"There is already a collection called {name}; remove it first, or choose another name.");
        }

        int readerCount = canonical.Count(c => c == ',') + 1;
        LogAdded(collection.Id, tenantId, readerCount);
        signal.Wake();
        return (collection, null);
    }

    public async Task<KnowledgeCollectionRecord?> RemoveAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        var removed = await collections.RemoveAsync(tenantId, name, cancellationToken);
        if (removed is not null)
        {
            LogRemoved(removed.Id, tenantId);
        }

        return removed;
    }

    /// <summary>Makes the collection due now and wakes the index service; null when there is no such collection.</summary>
    public async Task<KnowledgeCollectionRecord?> RequestReindexAsync(string tenantId, string name,
        CancellationToken cancellationToken)
    {
        var collection = await collections.FindAsync(tenantId, name, cancellationToken);
        if (collection is null || !await collections.MarkDueAsync(collection.Id, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return null;
        }

        signal.Wake();
        return collection;
    }

    public static bool IsName(string? name) =>
        name is { Length: > 0 and <= KnowledgeCollectionRecord.MaxNameLength }
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    [LoggerMessage(EventId = 1946, Level = LogLevel.Information,
        Message = "Collection {CollectionId} added in tenant {TenantId} with {Readers} readers")]
    private partial void LogAdded(string collectionId, string tenantId, int readers);

    [LoggerMessage(EventId = 1947, Level = LogLevel.Information,
        Message = "Collection {CollectionId} removed in tenant {TenantId} with its documents")]
    private partial void LogRemoved(string collectionId, string tenantId);
}
