using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary>Collections on each store: removal takes everything indexed with it; the index lease has one holder.</summary>
public abstract class CollectionStoreTests : IAsyncLifetime
{
    private const string Tenant = "tenant-1";
    private const string Model = "test-model";
    private IDbContextFactory<BotDbContext> _database = null!;
    private CollectionStore _store = null!;
    private EfKnowledgeStore _documents = null!;
    private IKnowledgeIndex _index = null!;

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    protected abstract IKnowledgeIndex CreateIndex(IDbContextFactory<BotDbContext> database);

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = new CollectionStore(_database);
        _documents = new EfKnowledgeStore(_database);
        _index = CreateIndex(_database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RemoveAsync_Collection_ItsDocumentsPassagesAndKeywordEntriesGoWithIt()
    {
        var legal = await AddAsync("legal");
        var hr = await AddAsync("hr");
        await SaveAsync(legal.Id, "merger.md", "Merger closes in May");
        await SaveAsync(hr.Id, "leave.md", "Annual leave is 25 days");
        var both = new ReaderAccess(Tenant, "user-1", [legal.Id, hr.Id]);
        Assert.NotEmpty(await SearchAsync(both, "merger closes"));

        var removed = await _store.RemoveAsync(Tenant, "legal", default);

        Assert.Equal(legal.Id, removed?.Id);
        Assert.Empty(await SearchAsync(both, "merger closes"));
        Assert.NotEmpty(await SearchAsync(both, "annual leave"));
        Assert.Null(await _store.GetAsync(legal.Id, default));
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(1, await db.Set<KnowledgeChunkRecord>().CountAsync());
        Assert.Equal(0, await KeywordEntriesAsync(db, "merger"));
    }

    [Fact]
    public async Task AddAsync_NameTakenInTheTenant_RefusedButFreeInAnother()
    {
        await AddAsync("legal");

        Assert.False(await _store.AddAsync(Collection("legal", Tenant), default));
        Assert.True(await _store.AddAsync(Collection("legal", "tenant-2"), default));
    }

    [Fact]
    public async Task TryClaimAsync_HeldByAnother_RefusedUntilTheLeaseLapses()
    {
        var legal = await AddAsync("legal");
        var now = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

        bool first = await _store.TryClaimAsync(legal.Id, "a", now, now.AddMinutes(5), dueOnly: true, default);
        bool second = await _store.TryClaimAsync(legal.Id, "b", now.AddMinutes(1), now.AddMinutes(6), dueOnly: true, default);
        bool renewedByOther = await _store.RenewAsync(legal.Id, "b", now.AddMinutes(7), default);
        bool afterLapse = await _store.TryClaimAsync(legal.Id, "b", now.AddMinutes(6), now.AddMinutes(11), dueOnly: true, default);
        bool renewedByLoser = await _store.RenewAsync(legal.Id, "a", now.AddMinutes(12), default);

        Assert.Equal((true, false, false, true, false), (first, second, renewedByOther, afterLapse, renewedByLoser));
    }

    protected virtual Task<int> KeywordEntriesAsync(BotDbContext db, string word) => Task.FromResult(0);

    private async Task<KnowledgeCollectionRecord> AddAsync(string name)
    {
        var collection = Collection(name, Tenant);
        Assert.True(await _store.AddAsync(collection, default));
        return collection;
    }

    private static KnowledgeCollectionRecord Collection(string name, string tenant) =>
        TestCollections.Folder(tenant, name, "group:g-" + name,
            registeredAt: new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc));

    private Task<long> SaveAsync(string collectionId, string name, string text) =>
        _documents.SaveAsync(new KnowledgeDocumentRecord
        {
            TenantId = Tenant,
            CollectionId = collectionId,
            SourceKind = "folder",
            SourceKey = collectionId + "/" + name,
            Name = name,
            FileType = KnowledgeFileType.Markdown,
            ContentHash = "00",
            CreatedAt = DateTime.UtcNow,
            EmbeddingModel = Model,
        }, [new TextChunk(0, null, 1, text)], [ModelServerDouble.EmbeddingOf(text)], default);

    private Task<IReadOnlyList<RetrievedPassage>> SearchAsync(ReaderAccess access, string question) =>
        _index.SearchAsync(new KnowledgeQuery(access, question, ModelServerDouble.EmbeddingOf(question), Model, 5, 0.0001), default);
}
