using TeamsBot.Knowledge;

namespace TeamsBot.Turns;

/// <summary>
/// Embeds ready documents again when the configured embeddings model has changed (<see cref="KnowledgeReembedding"/>),
/// in batches of <see cref="DocumentsPerBatch"/> documents, each held with the indexing lease, so several instances
/// share the work and a crash loses at most the document in hand. Until a document is done, search compares its vectors
/// with no question (they are of another model) and finds it by words only. Polls: the work appears only when an
/// admin changes the configuration, which restarts the app.
/// </summary>
internal sealed partial class ReembeddingWorker(
    KnowledgeReembedding reembedding,
    TurnLedger ledger,
    TimeProvider clock,
    ILogger<ReembeddingWorker> logger) : BackgroundService
{
    /// <summary>Documents per batch: one log line each, and the stop token is checked between documents.</summary>
    internal const int DocumentsPerBatch = 8;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ReembedBatchAsync(stoppingToken) == 0)
                {
                    await Task.Delay(PollInterval, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The embeddings endpoint away, say: that document stays on its old model, held until its lease passes.
                string cause = exception.GetType().Name;
                LogFailed(cause);
                await Task.Delay(PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Embeds up to <see cref="DocumentsPerBatch"/> documents again; how many it did.</summary>
    internal async Task<int> ReembedBatchAsync(CancellationToken stoppingToken)
    {
        int documents = 0;
        int passages = 0;
        while (documents < DocumentsPerBatch)
        {
            // Give up before the lease lapses, so another instance never embeds it at the same time.
            using var withinLease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            withinLease.CancelAfter(FileIndexingWorker.Lease - TimeSpan.FromSeconds(30));
            if (await reembedding.ReembedNextAsync(ledger.Owner, clock.GetUtcNow().UtcDateTime, FileIndexingWorker.Lease,
                withinLease.Token) is not { } embedded)
            {
                break;
            }

            documents++;
            passages += embedded;
        }

        if (documents > 0)
        {
            int remaining = await reembedding.RemainingAsync(stoppingToken);
            LogReembedded(documents, passages, remaining);
        }

        return documents;
    }

    [LoggerMessage(EventId = 1933, Level = LogLevel.Information,
        Message = "Embedded {Documents} documents ({Passages} passages) again with the configured model; {Remaining} left")]
    private partial void LogReembedded(int documents, int passages, int remaining);

    [LoggerMessage(EventId = 1934, Level = LogLevel.Warning,
        Message = "Embedding a document again failed ({ExceptionType}); it keeps its old vectors and is tried again")]
    private partial void LogFailed(string exceptionType);
}
