using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Tests.History;

public sealed class PostgresForgetUserTests(PostgresServerFixture server)
    : ForgetUserTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
