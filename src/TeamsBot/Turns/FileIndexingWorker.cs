using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.Knowledge;

namespace TeamsBot.Turns;

/// <summary>
/// Embeds the passages of files stored pending by the background reader (<see cref="FileReadingWorker"/>), one
/// document at a time, claimed with a lease (<see cref="KnowledgeIndexingQueue"/>) so that with several instances each document is embedded once and a crashed
/// instance's document is taken over; then tells the sender, in their personal chat, that the file is ready or why it
/// was refused. Woken by the reader on this instance, and polls for documents left by others or by a restart.
/// </summary>
internal sealed partial class FileIndexingWorker(
    KnowledgeIndexingQueue queue,
    KnowledgeIndexingSignal signal,
    FileIngestion ingestion,
    TurnLedger ledger,
    FileNotices notices,
    IOptionsMonitor<KnowledgeOptions> knowledge,
    TimeProvider clock,
    ILogger<FileIndexingWorker> logger) : BackgroundService
{
    /// <summary>How long one document is held: embedding a large file takes well under this, and a crash costs at most this.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await TryIndexOneAsync(stoppingToken))
                {
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database away, say: the document stays pending and is claimed again after its lease.
                string cause = exception.GetType().Name;
                LogFailed(cause);
                await Task.Delay(PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<bool> TryIndexOneAsync(CancellationToken stoppingToken)
    {
        if (await queue.ClaimAsync(ledger.Owner, clock.GetUtcNow().UtcDateTime, Lease, stoppingToken) is not { } claimed)
        {
            return false;
        }

        // Give up before the lease lapses, so another instance never embeds it at the same time.
        using var withinLease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        withinLease.CancelAfter(Lease - TimeSpan.FromSeconds(30));
        var result = await ingestion.IndexAsync(claimed, ledger.Owner, withinLease.Token);
        if (result is not null && claimed.NoticeReferenceJson is { } referenceJson && claimed.NoticeActivityId is { } activityId)
        {
            await notices.SendAsync(referenceJson, activityId, claimed.OwnerUserId,
                result.IsStored ? KnowledgeCards.FileStored(result) : KnowledgeCards.FileRefused(result, knowledge.CurrentValue),
                stoppingToken);
        }

        return true;
    }

    [LoggerMessage(EventId = 1931, Level = LogLevel.Warning,
        Message = "Indexing a stored file failed ({ExceptionType}); it stays pending and is tried again")]
    private partial void LogFailed(string exceptionType);
}
