using Microsoft.Data.Sqlite;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Storage;

/// <summary>
/// A process killed while migrating leaves EF Core's <c>__EFMigrationsLock</c> row in the SQLite file; every later
/// start waited for it for ever, silently. The real app, started on such a file, clears it and says so; a migrator
/// that is still alive is waited for, and the wait is logged.
/// </summary>
public sealed class SqliteMigrationLockTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "teamsbot-tests", "lock-" + Guid.NewGuid().ToString("N"));

    public SqliteMigrationLockTests() => Directory.CreateDirectory(_folder);

    private string DatabasePath => Path.Combine(_folder, "teamsbot.db");

    public void Dispose()
    {
        SqlitePoolGate.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Start_StaleLockRowLeftByAKilledMigrator_ClearsItLogsItAndBecomesHealthy()
    {
        await PlantLockRowAsync("2026-11-30 03:14:15.9265358+00:00");

        // Before the fix the app waited on the row for ever and never answered its health endpoint.
        await using var bot = await BotProcess.StartAsync(Options(TimeSpan.FromSeconds(40)), default);

        Assert.Contains(bot.Output, line => line.Contains("Cleared a stale migration lock", StringComparison.Ordinal)
            && line.Contains("2026-11-30 03:14:15", StringComparison.Ordinal));
        Assert.Equal(0, await CountLockRowsAsync());
    }

    [Fact]
    public async Task Start_AnotherProcessIsMigrating_WaitsForItAndSaysWhatFor()
    {
        await PlantLockRowAsync("2026-11-30 09:00:00+00:00");
        // The lock a live migrator holds: its row must not be taken for a stale one.
        await using var held = new FileStream(DatabasePath + ".migration-lock", FileMode.OpenOrCreate,
            FileAccess.ReadWrite, FileShare.None);

        var result = await BotProcess.RunUntilExitAsync(Options(TimeSpan.FromSeconds(60)), TimeSpan.FromSeconds(25),
            default);

        Assert.True(result.TimedOut, result.OutputText);
        Assert.False(result.BecameHealthy);
        Assert.Contains(result.Output,
            line => line.Contains("Start-up is waiting for another process that is migrating", StringComparison.Ordinal));
        Assert.DoesNotContain("Cleared a stale migration lock", result.OutputText, StringComparison.Ordinal);
        Assert.Equal(1, await CountLockRowsAsync());
    }

    private BotProcessOptions Options(TimeSpan startupTimeout) =>
        new() { DataDirectory = _folder, StartupTimeout = startupTimeout };

    /// <summary>The row exactly as EF Core inserts it before migrating (its table as EF Core creates it).</summary>
    private async Task PlantLockRowAsync(string timestamp)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
                "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsLock"("Id", "Timestamp") VALUES (1, $timestamp);
            """;
        command.Parameters.AddWithValue("$timestamp", timestamp);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountLockRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM \"__EFMigrationsLock\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
