using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Knowledge.Retrieval;

/// <summary>The same on real PostgreSQL, without pgvector (not installed here): full-text search plus exact vectors.</summary>
public sealed class PostgresKnowledgeIndexTests(PostgresServerFixture server)
    : KnowledgeIndexTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override IKnowledgeIndex CreateIndex(IDbContextFactory<BotDbContext> database) =>
        new PostgresKnowledgeIndex(database, NewVectorCache());
}
