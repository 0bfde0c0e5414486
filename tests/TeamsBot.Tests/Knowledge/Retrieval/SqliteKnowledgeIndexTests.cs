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

    public void Dispose() => _file.Dispose();
}
