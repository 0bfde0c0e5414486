using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Quota;

public sealed class PostgresQuotaLedgerTests(PostgresServerFixture server)
    : QuotaLedgerTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
