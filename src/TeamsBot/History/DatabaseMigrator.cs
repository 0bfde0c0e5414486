using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TeamsBot.History;

/// <summary>Creates or upgrades the schema before the app accepts traffic, so a bad database fails startup.</summary>
internal sealed partial class DatabaseMigrator(IDbContextFactory<BotDbContext> contexts, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection)
        {
            // WAL lets the answering worker read while a new message is being written.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            // Frames a crash or an older version left in the WAL go now, not whenever SQLite next reuses the file.
            await SqliteSecureDelete.CheckpointAsync(db, cancellationToken);
        }

        LogMigrated(db.Database.ProviderName ?? "unknown");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    private partial void LogMigrated(string provider);
}
