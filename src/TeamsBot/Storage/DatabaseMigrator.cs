using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TeamsBot.Storage;

/// <summary>
/// Creates or upgrades the schema before the app accepts traffic, so a bad database fails startup. A migration lock
/// left by a killed process is cleared (SQLite), and whatever start-up waits for is logged while it waits.
/// </summary>
internal sealed partial class DatabaseMigrator(IDbContextFactory<BotDbContext> contexts, TimeProvider clock,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    /// <summary>How often a start-up that waits says so.</summary>
    internal static readonly TimeSpan WaitReportInterval = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await MigrateSqliteAsync(db, sqlite, cancellationToken);
        }
        else
        {
            await WhileWaitingAsync("the database to accept a connection",
                () => db.Database.OpenConnectionAsync(cancellationToken), cancellationToken);
            // Npgsql takes LOCK TABLE on the migrations history inside the migration's transaction: PostgreSQL drops
            // it with the session of a killed process, so it cannot go stale, but a live migrator elsewhere holds it.
            await WhileWaitingAsync("the migration lock (another instance may be migrating) and the migrations",
                () => db.Database.MigrateAsync(cancellationToken), cancellationToken);
        }

        LogMigrated(db.Database.ProviderName ?? "unknown");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateSqliteAsync(BotDbContext db, SqliteConnection sqlite, CancellationToken cancellationToken)
    {
        await using (await WhileWaitingAsync("another process that is migrating this database file",
                         () => SqliteMigrationLock.AcquireAsync(sqlite, clock, cancellationToken), cancellationToken))
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            if (await SqliteMigrationLock.ClearStaleRowAsync(sqlite, cancellationToken) is { } since)
            {
                LogStaleLockCleared(SqliteMigrationLock.LockTable, since);
            }

            await WhileWaitingAsync("the migrations", () => db.Database.MigrateAsync(cancellationToken),
                cancellationToken);
        }

        // WAL lets the answering worker read while a new message is being written.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        // Frames a crash or an older version left in the WAL go now, not whenever SQLite next reuses the file.
        await SqliteSecureDelete.CheckpointAsync(db, cancellationToken);
        await SqliteStatistics.RefreshAsync(db, cancellationToken);
    }

    private Task<bool> WhileWaitingAsync(string what, Func<Task> work, CancellationToken cancellationToken) =>
        WhileWaitingAsync(what, async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/>, logging every few seconds that start-up still waits for it.</summary>
    private async Task<T> WhileWaitingAsync<T>(string what, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var task = work();
        while (true)
        {
            if (await Task.WhenAny(task, Task.Delay(WaitReportInterval, clock, cancellationToken)) == task)
            {
                return await task;
            }

            cancellationToken.ThrowIfCancellationRequested();
            LogWaiting(what, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    private partial void LogMigrated(string provider);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning,
        Message = "Start-up is waiting for {What} ({Seconds:F0} s so far)")]
    private partial void LogWaiting(string what, double seconds);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning,
        Message = "Cleared a stale migration lock ({Table} row from {Since}) left by a process that stopped while migrating")]
    private partial void LogStaleLockCleared(string table, string since);
}
