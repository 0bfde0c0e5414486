using Microsoft.EntityFrameworkCore;
using TeamsBot.History;
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
}
