using Microsoft.Extensions.Options;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// Keeps every collection's index in step with its folder: each Knowledge:Collections:ReindexInterval (or at once after
/// an admin's <c>add</c> or <c>reindex</c>) it runs the collections that are due and that no other instance holds.
/// </summary>
internal sealed partial class CollectionIndexService(
    CollectionStore collections,
    CollectionIndexRunner runner,
    CollectionIndexSignal signal,
    IOptionsMonitor<CollectionOptions> options,
    TimeProvider clock,
    ILogger<CollectionIndexService> logger) : BackgroundService
{
    /// <summary>Longest wait between looks for due collections (another instance's <c>reindex</c> is seen by then).</summary>
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPassFailed(exception.GetType().Name);
            }

            var interval = options.CurrentValue.ReindexInterval;
            await signal.WaitAsync(interval < MaxPoll ? interval : MaxPoll, stoppingToken);
        }
    }

    /// <summary>Indexes each due collection this instance can claim, one after another.</summary>
    internal async Task RunDueAsync(CancellationToken cancellationToken)
    {
        foreach (string id in await collections.DueAsync(clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            try
            {
                await runner.RunAsync(id, dueOnly: true, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Logged by the runner; the other collections still run.
            }
        }
    }

    [LoggerMessage(EventId = 1944, Level = LogLevel.Warning,
        Message = "Looking for collections to index failed ({ExceptionType}); tried again shortly")]
    private partial void LogPassFailed(string exceptionType);
}
