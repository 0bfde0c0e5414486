using Microsoft.EntityFrameworkCore;
using Npgsql;
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

    private protected override async Task<IReadOnlyList<string>> KeywordTermsAsync(
        IDbContextFactory<BotDbContext> database, KnowledgeQuery query)
    {
        await using var db = await database.CreateDbContextAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        return await PostgresKnowledgeIndex.KeywordTermsAsync(connection, query, default);
    }
}
