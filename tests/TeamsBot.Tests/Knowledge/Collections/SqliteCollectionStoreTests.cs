using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Collections;

public sealed class SqliteCollectionStoreTests : CollectionStoreTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() =>
        Task.FromResult<IDbContextFactory<BotDbContext>>(_file);

    protected override IKnowledgeIndex CreateIndex(IDbContextFactory<BotDbContext> database) =>
        new SqliteKnowledgeIndex(database, new KnowledgeVectorCache(Options.Create(new KnowledgeOptions())));

    /// <summary>Rows of the FTS5 index matching the word: none once their passage is gone.</summary>
    protected override async Task<int> KeywordEntriesAsync(BotDbContext db, string word)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {KnowledgeModel.ChunksFtsTable} WHERE {KnowledgeModel.ChunksFtsTable} MATCH $word";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$word";
        parameter.Value = word;
        command.Parameters.Add(parameter);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _file.Dispose();
}
