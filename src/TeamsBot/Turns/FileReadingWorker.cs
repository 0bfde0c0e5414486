using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.Knowledge;

namespace TeamsBot.Turns;

/// <summary>
/// Reads the files accepted at receipt, after their request was answered: <see cref="FileReadingQueue.Readers"/> at a
/// time, each within <see cref="KnowledgeOptions.ReceiveTimeout"/>, downloaded, read, redacted and stored pending, then
/// the indexing worker is woken (it embeds and sends the ready card). A refused file's row is removed and the refusal
/// card sent. Also gives up on rows whose reader died (a crash, a restart, another instance that stopped): any instance
/// removes a row still reading after its deadline and tells the sender to send the file again, once.
/// </summary>
internal sealed partial class FileReadingWorker(
    FileReadingQueue queue,
    FileReadingStore reading,
    FileIngestion ingestion,
    KnowledgeIndexingSignal indexing,
    FileNotices notices,
    IOptionsMonitor<KnowledgeOptions> knowledge,
    TimeProvider clock,
    ILogger<FileReadingWorker> logger) : BackgroundService
{
    /// <summary>How often rows whose reader died are looked for.</summary>
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        Enumerable.Range(0, FileReadingQueue.Readers).Select(_ => ReadLoopAsync(stoppingToken))
            .Append(SweepLoopAsync(stoppingToken)));

    private async Task ReadLoopAsync(CancellationToken stoppingToken)
    {
        // Off the host's start: the first wait would otherwise run on it.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadOneAsync(await queue.DequeueAsync(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Rows of files not read to the end are given up on after their deadline, by whichever instance runs.
                return;
            }
            catch (Exception exception)
            {
                // The database away, say: the row stays reading and is given up on after its deadline.
                LogReadFailed(exception.GetType().Name);
            }
        }
    }

    private async Task ReadOneAsync(FileReadingJob job, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + knowledge.CurrentValue.ReceiveTimeout + FileReceipt.ReadingMargin;
        if (!await reading.ClaimAsync(job.ReadingId, now, until, stoppingToken))
        {
            // Forgotten meanwhile, or waited past its deadline: the sweep tells the sender then.
            LogNotRead(job.ReadingId);
            return;
        }

        var result = await ingestion.ReadReceivedAsync(job, stoppingToken);
        if (result is null)
        {
            LogNotRead(job.ReadingId);
            return;
        }

        if (result.IsStored)
        {
            indexing.Wake();
            return;
        }

        if (await reading.AbandonAsync(job.ReadingId, stoppingToken))
        {
            await notices.SendAsync(job.Notice.ReferenceJson, job.Notice.ActivityId, job.Document.Access.OwnerUserId,
                KnowledgeCards.FileRefused(result, knowledge.CurrentValue), stoppingToken);
        }
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var lost in await reading.ExpireAsync(clock.GetUtcNow().UtcDateTime, stoppingToken))
                {
                    LogLost(lost.Id);
                    if (lost.NoticeReferenceJson is { } referenceJson && lost.NoticeActivityId is { } activityId)
                    {
                        await notices.SendAsync(referenceJson, activityId, lost.OwnerUserId,
                            KnowledgeCards.FileRefused(new IngestionResult(lost.Name, FileRefusal.Lost),
                                knowledge.CurrentValue), stoppingToken);
                    }
                }

                await Task.Delay(SweepInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSweepFailed(exception.GetType().Name);
                await Task.Delay(SweepInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = 1962, Level = LogLevel.Warning,
        Message = "Reading a received file failed ({ExceptionType}); its row is given up on after its deadline")]
    private partial void LogReadFailed(string exceptionType);

    [LoggerMessage(EventId = 1963, Level = LogLevel.Information,
        Message = "Received file {DocumentId} was forgotten or given up on before it was read; nothing stored")]
    private partial void LogNotRead(long documentId);

    [LoggerMessage(EventId = 1964, Level = LogLevel.Warning,
        Message = "Received file {DocumentId} was still reading after its deadline (its reader stopped); removed, sender told")]
    private partial void LogLost(long documentId);

    [LoggerMessage(EventId = 1965, Level = LogLevel.Warning,
        Message = "Looking for received files whose reader stopped failed ({ExceptionType}); tried again")]
    private partial void LogSweepFailed(string exceptionType);
}
