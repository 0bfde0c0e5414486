using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Tests.Knowledge.Collections;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Retrieval;

/// <summary>
/// Azure AI Search behind <see cref="IKnowledgeIndex"/>, against a double of its REST API that evaluates the filter it
/// is sent: the reader's access is the filter of the one hybrid request, so another person's passage never comes back,
/// and the store's writes and deletes reach the index, with the database kept as the source of truth.
/// </summary>
public sealed class AzureSearchKnowledgeIndexTests : IAsyncLifetime
{
    private const string Model = "test-model";
    private const string Tenant = "tenant-1";
    private const string IndexName = "teamsbot-passages";
    private const string ApiKey = "test-admin-key";
    private const string FalconTitle = "Project Falcon budget and headcount for 2027";
    private readonly TempSqliteDatabase _database = new();
    private AzureSearchDouble _search = null!;
    private HttpClient _http = null!;
    private AzureSearchKnowledgeIndex _index = null!;
    private EfKnowledgeStore _store = null!;

    public async Task InitializeAsync()
    {
        _search = await AzureSearchDouble.StartAsync(IndexName, ApiKey, default);
        _http = new HttpClient();
        _index = NewIndex(ApiKey);
        _store = new EfKnowledgeStore(_database, _index);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _search.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task SearchAsync_AnotherUsersFile_NeverReturnedEvenForItsExactTitleOrText()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle,
            "Falcon spends 4.2 million on twelve engineers.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "adele"), "garden.txt", "Garden club", "Tomatoes need sun.");

        var adeleByTitle = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "adele"), FalconTitle, minSimilarity: 0);
        var adeleByText = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "adele"),
            "Falcon spends 4.2 million on twelve engineers.", minSimilarity: 0);
        var megan = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle);

        Assert.Equal(2, _search.DocumentIds.Count);
        Assert.Equal(["garden.txt"], adeleByTitle.Select(p => p.DocumentName));
        Assert.Equal(["garden.txt"], adeleByText.Select(p => p.DocumentName));
        Assert.Equal("falcon.docx", megan[0].DocumentName);
        Assert.Contains("Falcon spends 4.2 million", megan[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_SameUserIdInAnotherTenant_NothingReturned()
    {
        await SaveAsync(DocumentAccess.Owner("tenant-2", "megan"), "falcon.docx", FalconTitle, "Falcon budget.");

        Assert.Empty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle, minSimilarity: 0));
    }

    [Fact]
    public async Task SearchAsync_CollectionTheReaderMayNotRead_NeverReturned()
    {
        await SaveAsync(new DocumentAccess(Tenant, null, "hr-policies"), "leave.pdf", "Annual leave",
            "Employees get 25 days of annual leave.");
        await SaveAsync(new DocumentAccess(Tenant, null, "board"), "board.pdf", "Annual leave for the board",
            "Board members get 40 days of annual leave.");

        var reader = await SearchAsync(new ReaderAccess(Tenant, "megan", ["hr-policies", "finance"]), "annual leave days");
        var outsider = await SearchAsync(new ReaderAccess(Tenant, "adele", ["finance"]), "annual leave days",
            minSimilarity: 0);

        Assert.Equal(["leave.pdf"], reader.Select(p => p.DocumentName));
        Assert.Empty(outsider);
    }

    [Fact]
    public async Task SearchAsync_QuoteInUserIdAndQuestion_FilterHoldsOnlyTheEscapedAccessTerms()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "o'brien"), "plan.txt", "Plan", "The plan is due in May.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "secret.txt", "Plan", "The secret plan is due in June.");

        var found = await SearchAsync(new ReaderAccess(Tenant, "o'brien", ["hr's", "it"]),
            "plan' or tenantId ne 'x') or (ownerUserId eq 'megan", minSimilarity: 0);

        var filter = Assert.Single(_search.Requests, r => r.Path.EndsWith("/docs/search", StringComparison.Ordinal)).Filter;
        Assert.Equal("tenantId eq 'tenant-1' and (ownerUserId eq 'o''brien' or search.in(collectionId, 'hr''s,it', ','))",
            filter);
        Assert.Equal(["plan.txt"], found.Select(p => p.DocumentName));
    }

    [Fact]
    public async Task SearchAsync_WrongApiKey_FailsRatherThanAnsweringWithoutTheFilter()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        var wrongKey = NewIndex("not-the-key");

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => wrongKey.SearchAsync(
            Query(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle, 0.3), default));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, failure.StatusCode);
        Assert.Equal("not-the-key", _search.Requests[^1].ApiKey);
    }

    [Fact]
    public async Task SearchAsync_PassageDeletedFromTheDatabaseOnly_NeverQuoted()
    {
        long id = await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        await using (var db = await ((IDbContextFactory<TeamsBot.Storage.BotDbContext>)_database).CreateDbContextAsync())
        {
            await db.Set<KnowledgeDocumentRecord>().Where(d => d.Id == id).ExecuteDeleteAsync();
        }

        Assert.NotEmpty(_search.DocumentIds);
        Assert.Empty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle, minSimilarity: 0));
    }

    [Fact]
    public async Task SearchAsync_NothingClose_EmptyByTheSameSimilarityFloor()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "garden.txt", "Garden club", "Tomatoes need sun and water.");

        Assert.Empty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), "quarterly revenue forecast spreadsheet"));
        Assert.NotEmpty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), "tomatoes need sun"));
    }

    [Fact]
    public async Task SaveAsync_ReadyDocument_PushedWithItsAccessFieldsAndVector()
    {
        long id = await SaveAsync(new DocumentAccess(Tenant, null, "hr-policies"), "leave.pdf", "Annual leave",
            "Employees get 25 days of annual leave.");

        var chunk = Assert.Single(await _store.GetChunksAsync(id, default));
        var pushed = _search.Document(chunk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))!;
        Assert.Equal((Tenant, null, "hr-policies", "leave.pdf", "Employees get 25 days of annual leave."),
            ((string?)pushed["tenantId"], (string?)pushed["ownerUserId"], (string?)pushed["collectionId"],
                (string?)pushed["name"], (string?)pushed["text"]));
        Assert.Equal(ModelServerDouble.EmbeddingDimensions, pushed["vector"]!.AsArray().Count);
    }

    [Fact]
    public async Task SaveAsync_IndexRefusesThePush_DocumentNotKeptSoTheNextRunReadsItAgain()
    {
        _search.FailIndexingWith = 503;

        await Assert.ThrowsAsync<HttpRequestException>(() => SaveAsync(new DocumentAccess(Tenant, null, "hr-policies"),
            "leave.pdf", "Annual leave", "Employees get 25 days of annual leave."));

        Assert.False(await _store.ExistsAsync(Tenant, "teams-file", "hr-policies/leave.pdf", default));
    }

    [Fact]
    public async Task DeleteOwnedAsync_ForgottenFile_RemovedFromTheIndex()
    {
        long falcon = await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "garden.txt", "Garden club", "Tomatoes need sun.");
        var falconChunk = Assert.Single(await _store.GetChunksAsync(falcon, default)).Id.ToString(
            System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(await _store.DeleteOwnedAsync(Tenant, "megan", falcon, default));

        Assert.DoesNotContain(falconChunk, _search.DocumentIds);
        Assert.Single(_search.DocumentIds);
        Assert.Contains(_search.Requests, r => r.Body.Contains("\"delete\"", StringComparison.Ordinal)
            && r.Body.Contains(falconChunk, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteOwnedAsync_IndexUnreachable_FileKeptAndForgettingFailsToBeAskedAgain()
    {
        long falcon = await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        _search.FailIndexingWith = 503;

        await Assert.ThrowsAsync<HttpRequestException>(() => _store.DeleteOwnedAsync(Tenant, "megan", falcon, default));

        Assert.Single(await _store.ListOwnedAsync(Tenant, "megan", default));
        _search.FailIndexingWith = 0;
        Assert.True(await _store.DeleteOwnedAsync(Tenant, "megan", falcon, default));
        Assert.Empty(_search.DocumentIds);
    }

    [Fact]
    public async Task ForgetUserAsync_ForgetMe_TheirPassagesRemovedFromTheIndexOnly()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "adele"), "garden.txt", "Garden club", "Tomatoes need sun.");
        var conversations = new TeamsBot.History.EfConversationStore(_database, TimeProvider.System, _index);

        await conversations.ForgetUserAsync(Tenant, "megan", default);

        var left = Assert.Single(_search.DocumentIds);
        Assert.Equal("adele", (string?)_search.Document(left)!["ownerUserId"]);
        Assert.Empty(await _store.ListOwnedAsync(Tenant, "megan", default));
    }

    [Fact]
    public async Task ForgetUserAsync_IndexUnreachable_NothingForgottenSoItCanBeAskedAgain()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        var conversations = new TeamsBot.History.EfConversationStore(_database, TimeProvider.System, _index);
        _search.FailIndexingWith = 503;

        await Assert.ThrowsAsync<HttpRequestException>(() => conversations.ForgetUserAsync(Tenant, "megan", default));

        Assert.Single(await _store.ListOwnedAsync(Tenant, "megan", default));
        Assert.Single(_search.DocumentIds);
    }

    [Fact]
    public async Task RunAsync_RetentionPurgesExpiredFiles_TheirPassagesRemovedFromTheIndex()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        var purge = new TeamsBot.Lifecycle.RetentionPurge(_database,
            new FixedOptionsMonitor<TeamsBot.Lifecycle.RetentionOptions>(new TeamsBot.Lifecycle.RetentionOptions { Files = 30 }),
            new RecordingAuditLog(), TimeProvider.System, NullLogger<TeamsBot.Lifecycle.RetentionPurge>.Instance, _index);
        _search.FailIndexingWith = 503;

        Assert.Equal(0, (await purge.RunAsync(default))!.Files);
        Assert.Single(_search.DocumentIds);

        _search.FailIndexingWith = 0;
        Assert.Equal(1, (await purge.RunAsync(default))!.Files);
        Assert.Empty(_search.DocumentIds);
        Assert.Empty(await _store.ListOwnedAsync(Tenant, "megan", default));
    }

    [Fact]
    public async Task RemoveAsync_Collection_ItsPassagesRemovedFromTheIndex()
    {
        var collections = new CollectionStore(_database, _index);
        var collection = TestCollections.Folder(Tenant, "hr", "group:g-hr", id: "hr-policies");
        Assert.True(await collections.AddAsync(collection, default));
        await SaveAsync(new DocumentAccess(Tenant, null, "hr-policies"), "leave.pdf", "Annual leave", "25 days.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "garden.txt", "Garden club", "Tomatoes need sun.");

        Assert.NotNull(await collections.RemoveAsync(Tenant, "hr", default));

        var left = Assert.Single(_search.DocumentIds);
        Assert.Equal("megan", (string?)_search.Document(left)!["ownerUserId"]);
    }

    [Fact]
    public async Task CompleteAsync_IndexRefusesThePush_StaysPendingAndIsPushedOnTheNextClaim()
    {
        var now = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        var queue = new KnowledgeIndexingQueue(_database, _index);
        long id = await _store.SaveAsync(Record(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx",
            KnowledgeDocumentState.Pending), [new TextChunk(0, FalconTitle, 1, "Falcon budget.")], null, default);
        var chunk = Assert.Single(await _store.GetChunksAsync(id, default));
        var vectors = new[] { (chunk.Id, ModelServerDouble.EmbeddingOf("Falcon budget.")) };
        _search.FailIndexingWith = 503;

        Assert.NotNull(await queue.ClaimAsync("instance-a", now, TimeSpan.FromMinutes(5), default));
        await Assert.ThrowsAsync<HttpRequestException>(() => queue.CompleteAsync(id, "instance-a", Model, vectors, default));

        Assert.Equal(KnowledgeDocumentState.Pending, Assert.Single(await _store.ListOwnedAsync(Tenant, "megan", default)).State);
        Assert.Empty(_search.DocumentIds);
        _search.FailIndexingWith = 0;
        Assert.NotNull(await queue.ClaimAsync("instance-b", now.AddMinutes(6), TimeSpan.FromMinutes(5), default));
        Assert.True(await queue.CompleteAsync(id, "instance-b", Model, vectors, default));
        Assert.Equal(KnowledgeDocumentState.Ready, Assert.Single(await _store.ListOwnedAsync(Tenant, "megan", default)).State);
        Assert.Equal("falcon.docx", (string?)_search.Document(Assert.Single(_search.DocumentIds))!["name"]);
        Assert.Equal("falcon.docx", Assert.Single(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle)).DocumentName);
    }

    [Fact]
    public async Task CompleteAsync_DocumentForgottenWhileItWasPushed_ItsPassagesRemovedAgain()
    {
        var queue = new KnowledgeIndexingQueue(_database, _index);
        long id = await _store.SaveAsync(Record(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx",
            KnowledgeDocumentState.Pending), [new TextChunk(0, FalconTitle, 1, "Falcon budget.")], null, default);
        var chunk = Assert.Single(await _store.GetChunksAsync(id, default));
        Assert.NotNull(await queue.ClaimAsync("instance-a", DateTime.UtcNow, TimeSpan.FromMinutes(5), default));
        _search.BeforeIndexing = async () =>
        {
            _search.BeforeIndexing = null;
            await using var db = await ((IDbContextFactory<TeamsBot.Storage.BotDbContext>)_database).CreateDbContextAsync();
            await db.Set<KnowledgeDocumentRecord>().Where(d => d.Id == id).ExecuteDeleteAsync();
        };

        Assert.False(await queue.CompleteAsync(id, "instance-a", Model,
            [(chunk.Id, ModelServerDouble.EmbeddingOf("Falcon budget."))], default));

        Assert.Empty(_search.DocumentIds);
        Assert.Equal(2, _search.Requests.Count);
    }

    private AzureSearchKnowledgeIndex NewIndex(string apiKey) => new(_http, new KnowledgeIndexOptions
    {
        Provider = KnowledgeIndexProvider.AzureSearch,
        Endpoint = _search.BaseAddress,
        IndexName = IndexName,
        ApiKey = apiKey,
    }, null, _database, NullLogger<AzureSearchKnowledgeIndex>.Instance);

    private static KnowledgeQuery Query(ReaderAccess access, string question, double minSimilarity) =>
        new(access, question, ModelServerDouble.EmbeddingOf(question), Model, 5, minSimilarity);

    private Task<IReadOnlyList<RetrievedPassage>> SearchAsync(ReaderAccess access, string question,
        double minSimilarity = 0.3) => _index.SearchAsync(Query(access, question, minSimilarity), default);

    private static KnowledgeDocumentRecord Record(DocumentAccess access, string name,
        KnowledgeDocumentState state = KnowledgeDocumentState.Ready) => new()
        {
            TenantId = access.TenantId,
            OwnerUserId = access.OwnerUserId,
            CollectionId = access.CollectionId,
            SourceKind = "teams-file",
            SourceKey = (access.OwnerUserId ?? access.CollectionId ?? "none") + "/" + name,
            Name = name,
            ContentHash = "00",
            EmbeddingModel = state == KnowledgeDocumentState.Ready ? Model : null,
            State = state,
        };

    private Task<long> SaveAsync(DocumentAccess access, string name, string heading, string text) =>
        _store.SaveAsync(Record(access, name), [new TextChunk(0, heading, 1, text)],
            [ModelServerDouble.EmbeddingOf(heading + " " + text)], default);
}
