using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary>The same on real PostgreSQL (passages' keyword index is an expression index there: it goes with the row).</summary>
public sealed class PostgresCollectionStoreTests(PostgresServerFixture server)
    : CollectionStoreTests, IClassFixture<PostgresServerFixture>
{
    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override IKnowledgeIndex CreateIndex(IDbContextFactory<BotDbContext> database) =>
        new PostgresKnowledgeIndex(database, new KnowledgeVectorCache(Options.Create(new KnowledgeOptions())));
}
