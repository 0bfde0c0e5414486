using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Knowledge.Collections;

public sealed class SqliteSecurityTrimmingTests(ITestOutputHelper output) : SecurityTrimmingTests(output), IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() =>
        Task.FromResult<IDbContextFactory<BotDbContext>>(_file);

    protected override IKnowledgeIndex CreateIndex(IDbContextFactory<BotDbContext> database) =>
        new SqliteKnowledgeIndex(database, new KnowledgeVectorCache(Options.Create(new KnowledgeOptions())));

    public void Dispose() => _file.Dispose();
}
