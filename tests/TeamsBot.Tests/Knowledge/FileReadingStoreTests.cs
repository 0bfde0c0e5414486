using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Storage;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge;

/// <summary>
/// Rows of files being read in the background: a re-delivered message adds none, and a row whose reader died is given
/// up on by exactly one instance, also when two sweep the same database at once.
/// </summary>
public sealed class FileReadingStoreTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempSqliteDatabase _database = new();

    [Fact]
    public async Task StartAsync_SameMessageDeliveredAgain_NoSecondRowWhileReadingOrOnceStored()
    {
        var reading = new FileReadingStore(_database);
        var document = Document("file-1");
        long first = (await reading.StartAsync(Row(document, "activity-1", Now.AddMinutes(1)), document.SourceKey, default))!.Value;

        var whileReading = await reading.StartAsync(Row(document, "activity-1", Now.AddMinutes(1)), document.SourceKey, default);
        Assert.True(await reading.ClaimAsync(first, Now, Now.AddMinutes(1), default));
        await reading.CompleteAsync(first, Read(document), [new TextChunk(0, null, null, "The offsite is in Lisbon.")], default);
        var onceStored = await reading.StartAsync(Row(document, "activity-1", Now.AddMinutes(1)), document.SourceKey, default);
        var sentAgain = await reading.StartAsync(Row(document, "activity-2", Now.AddMinutes(1)), document.SourceKey, default);

        Assert.Equal((null, null), (whileReading, onceStored));
        Assert.NotNull(sentAgain);
        var rows = await new EfKnowledgeStore(_database).ListOwnedAsync("tenant", "megan", default);
        Assert.Equal([(first, KnowledgeDocumentState.Pending), (sentAgain.Value, KnowledgeDocumentState.Reading)],
            rows.Select(r => (r.Id, r.State)));
    }

    [Fact]
    public async Task ClaimAsync_PastItsDeadline_NotClaimedAndGivenUpOnInstead()
    {
        var reading = new FileReadingStore(_database);
        var document = Document("file-1");
        long id = (await reading.StartAsync(Row(document, "activity-1", Now), document.SourceKey, default))!.Value;

        bool claimed = await reading.ClaimAsync(id, Now.AddSeconds(1), Now.AddMinutes(1), default);
        var expired = await reading.ExpireAsync(Now.AddSeconds(1), default);
        var stored = await reading.CompleteAsync(id, Read(document), [new TextChunk(0, null, null, "text")], default);

        Assert.False(claimed);
        Assert.Equal([id], expired.Select(r => r.Id));
        Assert.Null(stored);
        Assert.Empty(await new EfKnowledgeStore(_database).ListOwnedAsync("tenant", "megan", default));
    }

    [Fact]
    public async Task ExpireAsync_BeforeTheDeadlineOrOnceStored_NothingGivenUpOn()
    {
        var reading = new FileReadingStore(_database);
        var waiting = Document("file-1");
        var stored = Document("file-2");
        await reading.StartAsync(Row(waiting, "activity-1", Now.AddMinutes(1)), waiting.SourceKey, default);
        long storedId = (await reading.StartAsync(Row(stored, "activity-1", Now.AddMinutes(1)), stored.SourceKey, default))!.Value;
        await reading.CompleteAsync(storedId, Read(stored), [new TextChunk(0, null, null, "text")], default);

        Assert.Empty(await reading.ExpireAsync(Now, default));
        Assert.Single(await reading.ExpireAsync(Now.AddMinutes(2), default));
        Assert.Equal(KnowledgeDocumentState.Pending,
            Assert.Single(await new EfKnowledgeStore(_database).ListOwnedAsync("tenant", "megan", default)).State);
    }

    [Fact]
    public Task ExpireAsync_TwoInstancesSweepingSqlite_EachRowGivenUpOnOnce() => TwoSweepersAsync(_database);

    [Fact]
    public async Task ExpireAsync_TwoInstancesSweepingPostgres_EachRowGivenUpOnOnce() =>
        await TwoSweepersAsync(await postgres.CreateDatabaseAsync());

    public void Dispose() => _database.Dispose();

    private static async Task TwoSweepersAsync(IDbContextFactory<BotDbContext> database)
    {
        var receipt = new FileReadingStore(database);
        var ids = new List<long>();
        for (int i = 0; i < 12; i++)
        {
            var document = Document("file-" + i);
            ids.Add((await receipt.StartAsync(Row(document, "activity-" + i, Now), document.SourceKey, default))!.Value);
        }

        // Several instances, each with its own store, sweeping at the same moment.
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            await new FileReadingStore(database).ExpireAsync(Now.AddMinutes(1), default))));

        var given = sweeps.SelectMany(s => s.Select(r => r.Id)).ToList();
        Assert.Equal(ids.Order(), given.Order());
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(0, await db.Set<KnowledgeDocumentRecord>().CountAsync());
    }

    private static SourceDocument Document(string fileId) => new(TeamsFileSource.SourceKind, "megan/" + fileId,
        fileId + ".txt", KnowledgeFileType.PlainText, new Uri("https://contoso.sharepoint.com/" + fileId),
        DocumentAccess.Owner("tenant", "megan"));

    private static KnowledgeDocumentRecord Row(SourceDocument document, string activityId, DateTime deadline) =>
        FileReadingStore.Row(document, activityId, "{}", Now, deadline);

    private static KnowledgeDocumentRecord Read(SourceDocument document) => new()
    {
        TenantId = "tenant",
        OwnerUserId = "megan",
        SourceKind = document.SourceKind,
        SourceKey = document.SourceKey,
        Name = document.Name,
        ContentHash = "00",
        CreatedAt = Now,
    };
}
