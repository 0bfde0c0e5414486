using Microsoft.Extensions.Options;

namespace TeamsBot.Lifecycle;

/// <summary>Runs the retention purge every <see cref="RetentionOptions.PurgeInterval"/>, first a minute after start.</summary>
internal sealed partial class RetentionPurgeService(
    RetentionPurge purge,
    IOptionsMonitor<RetentionOptions> options,
    TimeProvider clock,
    ILogger<RetentionPurgeService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRunDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                await purge.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The next run retries; the data stays until then, which the admin sees in the log.
                LogFailed(e.GetType().Name);
            }

            delay = options.CurrentValue.PurgeInterval;
        }
    }

    [LoggerMessage(EventId = 2213, Level = LogLevel.Error, Message = "Retention purge failed ({ExceptionType}); retried at the next interval")]
    private partial void LogFailed(string exceptionType);
}
