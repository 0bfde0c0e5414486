using Microsoft.EntityFrameworkCore;
using TeamsBot.History;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Audit;

public sealed class PostgresAuditLogTests(PostgresServerFixture server) : AuditLogTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
