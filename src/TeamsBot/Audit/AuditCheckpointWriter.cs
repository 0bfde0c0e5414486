using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>Writes a signed checkpoint of the chain's head to Audit:CheckpointPath every Audit:CheckpointInterval.</summary>
internal sealed partial class AuditCheckpointWriter(
    IDbContextFactory<BotDbContext> contexts,
    IOptions<AuditOptions> options,
    TimeProvider clock,
    ILogger<AuditCheckpointWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.CheckpointPath) || AuditCheckpoint.KeyBytes(settings.CheckpointKey) is not { } key)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.CheckpointInterval, clock, stoppingToken);
                await WriteAsync(settings.CheckpointPath, key, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(e.GetType().Name);
            }
        }
    }

    /// <summary>Signs the current head; an empty log has nothing to anchor.</summary>
    internal async Task WriteAsync(string path, byte[] key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.Set<AuditRecord>().AsNoTracking().OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return;
        }

        await AuditCheckpoint.Sign(head.Sequence, head.Hash, clock.GetUtcNow().UtcDateTime, key)
            .WriteAsync(path, cancellationToken);
        LogWritten(head.Sequence);
    }

    [LoggerMessage(EventId = 1531, Level = LogLevel.Debug, Message = "Audit checkpoint written at record {Sequence}")]
    private partial void LogWritten(long sequence);

    [LoggerMessage(EventId = 1532, Level = LogLevel.Error, Message = "Audit checkpoint could not be written ({ExceptionType})")]
    private partial void LogFailed(string exceptionType);
}
