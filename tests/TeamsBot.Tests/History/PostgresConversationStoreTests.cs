using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Tests.History;

public sealed class PostgresConversationStoreTests(PostgresServerFixture server)
    : ConversationStoreTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
