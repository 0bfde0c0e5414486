using Microsoft.EntityFrameworkCore;
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
}
