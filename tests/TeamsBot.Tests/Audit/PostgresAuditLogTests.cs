using Microsoft.EntityFrameworkCore;
using Npgsql;
using TeamsBot.Audit;
using TeamsBot.Storage;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Audit;

public sealed class PostgresAuditLogTests(PostgresServerFixture server) : AuditLogTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    [Fact]
    public async Task RunAsync_VerifyOnPostgres_ExitsZero()
    {
        var database = await server.CreateDatabaseAsync();
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(database), 3);
        string connectionString;
        using (var db = database.CreateDbContext())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        var (exitCode, output, error) = await RunAsync(connectionString, "verify");

        Assert.True(exitCode == AuditCommand.ExitOk, error);
        Assert.Contains("Audit chain OK: 3 records", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PostgresGivenOnTheCommandLine_ExportsFromIt()
    {
        var database = await server.CreateDatabaseAsync();
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(database), 3);
        string connectionString;
        using (var db = database.CreateDbContext())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        var (output, error) = (new StringWriter(), new StringWriter());
        int exitCode = await AuditCommand.RunAsync(
            ["export", "--Storage:Provider=Postgres", "--Storage:ConnectionString", connectionString,
                "--Audit:KeyEncryptionKey", AuditTestData.KeyEncryptionKey, "--from", "2026-03-02"],
            output, error);

        Assert.True(exitCode == AuditCommand.ExitOk, error.ToString());
        Assert.Equal([2L, 3L], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task AppendAsync_ManyWhileAnotherInstanceHoldsTheLock_ChainedInAFewTransactions()
    {
        const int Appends = 20;
        var database = await server.CreateDatabaseAsync();
        string connectionString = ConnectionStringOf(database);
        var log = AuditTestData.CreateLog(database, clock: TimeProvider.System);
        await using var other = new NpgsqlConnection(connectionString);
        await using var holding = await HoldTheAuditLockAsync(other);

        // The first append takes what is waiting (itself) and waits for the lock; the others queue behind it.
        var appends = Enumerable.Range(1, Appends).Select(n => log.AppendAsync(Unsealed(n), default)).ToList();
        await WaitForLockWaiterAsync(connectionString);
        Assert.DoesNotContain(appends, a => a.IsCompleted);
        await holding.CommitAsync();
        await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(30));

        var result = await AuditTestData.CreateVerifier(database).VerifyAsync(default);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(Appends, result.Count);
        long transactions = await ScalarAsync(connectionString, "SELECT count(DISTINCT xmin::text) FROM audit_log");
        Assert.True(transactions == 2, $"{Appends} appends took {transactions} transactions");
    }

    [Fact]
    public async Task AppendAsync_TransactionFails_EveryCallerInItThrows()
    {
        var database = await server.CreateDatabaseAsync();
        string connectionString = ConnectionStringOf(database);
        var log = AuditTestData.CreateLog(database, clock: TimeProvider.System);
        await using (var other = new NpgsqlConnection(connectionString))
        {
            await using var holding = await HoldTheAuditLockAsync(other);
            var appends = Enumerable.Range(1, 5).Select(n => log.AppendAsync(Unsealed(n), default)).ToList();
            await WaitForLockWaiterAsync(connectionString);
            // The table is gone when the waiting appends get the lock: their transactions cannot insert.
            await using (var rename = new NpgsqlCommand("ALTER TABLE audit_log RENAME TO audit_log_away", other, holding))
            {
                await rename.ExecuteNonQueryAsync();
            }

            await holding.CommitAsync();
            foreach (var append in appends)
            {
                await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => append.WaitAsync(TimeSpan.FromSeconds(30)));
            }
        }

        await ScalarAsync(connectionString, "ALTER TABLE audit_log_away RENAME TO audit_log");
        await log.AppendAsync(AuditTestData.Entry(6), default);
        var result = await AuditTestData.CreateVerifier(database).VerifyAsync(default);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(1, result.Count);
    }

    [Fact]
    public async Task AppendAsync_CallerGivesUpWhileWaiting_ThrowsAndItsRecordIsNotWritten()
    {
        var database = await server.CreateDatabaseAsync();
        string connectionString = ConnectionStringOf(database);
        var log = AuditTestData.CreateLog(database, clock: TimeProvider.System);
        await using var other = new NpgsqlConnection(connectionString);
        await using var holding = await HoldTheAuditLockAsync(other);
        var first = log.AppendAsync(Unsealed(1), default);
        await WaitForLockWaiterAsync(connectionString);

        using var giveUp = new CancellationTokenSource();
        var second = log.AppendAsync(Unsealed(2), giveUp.Token);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await holding.CommitAsync();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        var result = await AuditTestData.CreateVerifier(database).VerifyAsync(default);
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(1, result.Count);
    }

    [Fact]
    public async Task RunAsync_PostgresDatabaseMissing_ExitsThreeSayingSo()
    {
        string missing = server.ServerConnectionString.Replace("Database=postgres", "Database=no_such_db", StringComparison.Ordinal);

        var (exitCode, _, error) = await RunAsync(missing, "verify");

        Assert.Equal(AuditCommand.ExitUnavailable, exitCode);
        Assert.Contains("database does not exist", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string connectionString, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        int exitCode = await AuditCommand.RunAsync(args, output, error, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
        }, default);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// An entry about no one: it is not sealed, so the append queues at once, with no key to look up first; the
    /// order in which appends reach the queue is then the order of the calls.
    /// </summary>
    private static AuditEntry Unsealed(int n) => AuditTestData.Entry(n) with { UserId = string.Empty };

    private static string ConnectionStringOf(IDbContextFactory<BotDbContext> database)
    {
        using var db = database.CreateDbContext();
        return db.Database.GetConnectionString()!;
    }

    /// <summary>Takes the lock every audit append takes, as another instance in the middle of an append holds it.</summary>
    private static async Task<NpgsqlTransaction> HoldTheAuditLockAsync(NpgsqlConnection connection)
    {
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        take.Parameters.AddWithValue("key", EfAuditLog.AdvisoryLockKey);
        await take.ExecuteNonQueryAsync();
        return transaction;
    }

    /// <summary>Until a session waits for an advisory lock (real time, bounded).</summary>
    private static async Task WaitForLockWaiterAsync(string connectionString)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await ScalarAsync(connectionString,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
