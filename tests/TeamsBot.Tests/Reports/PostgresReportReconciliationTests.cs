using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;
using TeamsBot.Reports;
using TeamsBot.Storage;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Reports;

public sealed class PostgresReportReconciliationTests(PostgresServerFixture server)
    : ReportReconciliationTests, IClassFixture<PostgresServerFixture>
{
    protected override async Task<(IDbContextFactory<BotDbContext> Database, string Provider, string ConnectionString)>
        CreateDatabaseAsync()
    {
        var database = await server.CreateDatabaseAsync();
        await using var db = await database.CreateDbContextAsync();
        return (database, "Postgres", db.Database.GetConnectionString()!);
    }

    [Fact]
    public async Task RunAsync_PostgresGivenOnTheCommandLine_ReportsFromIt()
    {
        var (database, _, connectionString) = await CreateDatabaseAsync();
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(database), 3);
        var (output, error) = (new StringWriter(), new StringWriter());

        int exitCode = await ReportCommand.RunAsync(
            ["--Storage:Provider=Postgres", "--Storage:ConnectionString", connectionString,
                "--Audit:KeyEncryptionKey", AuditTestData.KeyEncryptionKey, "--from", "2026-03-01", "--to", "2026-03-31"],
            output, error);

        Assert.True(exitCode == AuditCommand.ExitOk, error.ToString());
        string[] lines = output.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("from,to,tenant,active_users,messages,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-03-01T00:00:00Z,2026-03-31T23:59:59.999999Z,(total),", lines[^1], StringComparison.Ordinal);
        Assert.Equal("3", lines[^1].Split(',')[4]);
    }
}
