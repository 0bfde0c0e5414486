using System.Globalization;
using Microsoft.Extensions.Options;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// Runs <see cref="CollectionIndexer"/> on one collection under its lease: claimed by a conditional update, renewed
/// between documents, released with the next run's time. Safe with several instances on PostgreSQL (and on one SQLite
/// file): the collection is indexed by one at a time, and by another when the first stops.
/// </summary>
internal sealed partial class CollectionIndexRunner(
    CollectionStore collections,
    CollectionIndexer indexer,
    IOptionsMonitor<CollectionOptions> options,
    TimeProvider clock,
    ILogger<CollectionIndexRunner> logger)
{
    /// <summary>This instance's name on the leases it holds.</summary>
    public string Owner { get; } = NewOwner();

    /// <summary>
    /// Indexes the collection if this instance gets its lease (and, with <paramref name="dueOnly"/>, if it is due);
    /// null when another instance holds it, or it is not due, or it is gone.
    /// </summary>
    public async Task<CollectionIndexReport?> RunAsync(string collectionId, bool dueOnly, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await collections.TryClaimAsync(collectionId, Owner, now, now + settings.IndexLease, dueOnly, cancellationToken))
        {
            return null;
        }

        CollectionIndexReport? report = null;
        try
        {
            if (await collections.GetAsync(collectionId, cancellationToken) is not { } collection)
            {
                return null;
            }

            report = await indexer.IndexAsync(collection,
                ct => collections.RenewAsync(collectionId, Owner, clock.GetUtcNow().UtcDateTime + settings.IndexLease, ct),
                cancellationToken);
            return report;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The folder gone, too many files, the database briefly away: tried again at the next interval.
            LogFailed(collectionId, exception.GetType().Name);
            throw;
        }
        finally
        {
            var finished = clock.GetUtcNow().UtcDateTime;
            await collections.ReleaseAsync(collectionId, Owner, report is { Complete: true } ? finished : null,
                finished + settings.ReindexInterval, CancellationToken.None);
        }
    }

    private static string NewOwner()
    {
        string owner = string.Create(CultureInfo.InvariantCulture,
            $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        return owner.Length <= 128 ? owner : owner[^128..];
    }

    [LoggerMessage(EventId = 1943, Level = LogLevel.Warning,
        Message = "Collection {CollectionId} could not be indexed ({ExceptionType}); tried again at the next interval")]
    private partial void LogFailed(string collectionId, string exceptionType);
}
