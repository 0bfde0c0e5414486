using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Retrieval;

public sealed class SqliteKnowledgeIndexTests : KnowledgeIndexTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() =>
        Task.FromResult<IDbContextFactory<BotDbContext>>(_file);

    protected override IKnowledgeIndex CreateIndex(IDbContextFactory<BotDbContext> database) =>
        new SqliteKnowledgeIndex(database, NewVectorCache());

    private protected override async Task<IReadOnlyList<string>> KeywordTermsAsync(
        IDbContextFactory<BotDbContext> database, KnowledgeQuery query)
    {
        await using var db = await database.CreateDbContextAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        return await SqliteKnowledgeIndex.KeywordTermsAsync(connection, query, default);
    }

    public void Dispose() => _file.Dispose();
}
