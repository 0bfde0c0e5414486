using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Retrieval;

/// <summary>
/// Retrieval on each store: what a reader may see (their own files in their tenant, collections they can read) is a
/// condition of the query itself, so another person's passage never comes back, however exactly the question matches
/// it. Vectors are the model double's word-bucket vectors: deterministic and close for texts sharing words.
/// </summary>
public abstract class KnowledgeIndexTests : IAsyncLifetime
{
    private const string Model = "test-model";
    private const string Tenant = "tenant-1";
    private const string FalconTitle = "Project Falcon budget and headcount for 2027";
    private IDbContextFactory<BotDbContext> _database = null!;
    private EfKnowledgeStore _store = null!;
    private IKnowledgeIndex _index = null!;

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    protected abstract IKnowledgeIndex CreateIndex(IDbContextFactory<BotDbContext> database);

    /// <summary>The terms the store's keyword query would search by for this question (<see cref="KeywordTerms"/>).</summary>
    private protected abstract Task<IReadOnlyList<string>> KeywordTermsAsync(IDbContextFactory<BotDbContext> database,
        KnowledgeQuery query);

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = new EfKnowledgeStore(_database);
        _index = CreateIndex(_database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SearchAsync_AnotherUsersFile_NeverReturnedEvenForItsExactTitle()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle,
            "Falcon spends 4.2 million on twelve engineers.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "adele"), "garden.txt", "Garden club", "Tomatoes need sun.");

        var adele = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "adele"), FalconTitle, minSimilarity: 0.0001);
        var megan = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle);

        Assert.DoesNotContain(adele, p => p.DocumentName == "falcon.docx");
        Assert.Equal("falcon.docx", megan[0].DocumentName);
    }

    [Fact]
    public async Task SearchAsync_SameUserIdInAnotherTenant_NothingReturned()
    {
        await SaveAsync(DocumentAccess.Owner("tenant-2", "megan"), "falcon.docx", FalconTitle, "Falcon budget.");

        Assert.Empty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle, minSimilarity: 0.0001));
    }

    [Fact]
    public async Task SearchAsync_DocumentWithoutOwnerOrCollection_ReadableByNoOne()
    {
        await SaveAsync(new DocumentAccess(Tenant, null, null), "orphan.txt", FalconTitle, "Falcon budget.");

        Assert.Empty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle, minSimilarity: 0.0001));
        Assert.Empty(await SearchAsync(new ReaderAccess(Tenant, "megan", [""]), FalconTitle, minSimilarity: 0.0001));
    }

    [Fact]
    public async Task SearchAsync_Collection_OnlyForItsReaders()
    {
        await SaveAsync(new DocumentAccess(Tenant, null, "hr-policies"), "leave.pdf", "Annual leave",
            "Employees get 25 days of annual leave.");

        var reader = await SearchAsync(new ReaderAccess(Tenant, "megan", ["hr-policies"]), "annual leave days");
        var outsider = await SearchAsync(new ReaderAccess(Tenant, "adele", ["finance"]), "annual leave days",
            minSimilarity: 0.0001);

        Assert.Equal("leave.pdf", Assert.Single(reader).DocumentName);
        Assert.Empty(outsider);
    }

    [Fact]
    public async Task SearchAsync_NothingClose_EmptyRatherThanTheLeastBadPassage()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "garden.txt", "Garden club", "Tomatoes need sun and water.");

        Assert.Empty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), "quarterly revenue forecast spreadsheet"));
    }

    [Fact]
    public async Task SearchAsync_RareWordInOnePassage_ThatPassageFirstWithItsPlace()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "parts.pdf", "Spare parts",
            "The pump uses seal kit XK4411 from the east warehouse.", "The pump uses seal kit from the west warehouse.",
            "Valves are checked every month at the east warehouse.");

        var found = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), "which pump seal kit XK4411");

        Assert.Contains("XK4411", found[0].Text, StringComparison.Ordinal);
        Assert.Equal(("parts.pdf", "Spare parts", 1), (found[0].DocumentName, found[0].Heading, found[0].Page));
        Assert.True(found.Count <= 2);
    }

    [Fact]
    public async Task SearchAsync_QuestionWithQuerySyntax_TreatedAsWords()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "notes.txt", "Notes", "Heading text NEAR the budget.");

        var found = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"),
            "\"budget\" NEAR(text) OR Heading: * ' ; DROP TABLE knowledge_chunks; -- & | !");

        Assert.Single(found);
    }

    [Fact]
    public async Task SearchAsync_ForgottenFile_NotFoundByWordsOrMeaning()
    {
        long id = await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        Assert.NotEmpty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), "falcon"));

        Assert.True(await _store.DeleteOwnedAsync(Tenant, "megan", id, default));

        Assert.Empty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), "falcon", minSimilarity: 0.0001));
    }

    [Fact]
    public async Task SearchAsync_VectorsOfAnotherModel_NotComparedButWordsStillRank()
    {
        // Its vectors are of "test-model": a question of another model finds it by its words, never by a vector.
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        var sameVector = ModelServerDouble.EmbeddingOf(FalconTitle + "\nFalcon budget.");

        var byWords = await _index.SearchAsync(new KnowledgeQuery(ReaderAccess.OwnFiles(Tenant, "megan"), "falcon",
            sameVector, "another-model", 5, 0.3), default);
        var byMeaningOnly = await _index.SearchAsync(new KnowledgeQuery(ReaderAccess.OwnFiles(Tenant, "megan"),
            "what is the spending plan", sameVector, "another-model", 5, 0.0001), default);

        Assert.True(double.IsNaN(Assert.Single(byWords).Similarity));
        Assert.Empty(byMeaningOnly);
    }

    [Fact]
    public async Task SearchAsync_OwnerSearchedFirst_TheirCachedVectorsNeverReachAnotherReader()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle,
            "Falcon spends 4.2 million on twelve engineers.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "adele"), "garden.txt", "Garden club", "Tomatoes need sun.");

        var megan = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle);
        var adele = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "adele"), FalconTitle, minSimilarity: 0.0001);
        var collectionReader = await SearchAsync(new ReaderAccess(Tenant, "adele", ["megan"]), FalconTitle,
            minSimilarity: 0.0001);

        Assert.Equal("falcon.docx", megan[0].DocumentName);
        Assert.DoesNotContain(adele, p => p.DocumentName == "falcon.docx");
        Assert.DoesNotContain(collectionReader, p => p.DocumentName == "falcon.docx");
    }

    [Fact]
    public async Task SearchAsync_FileSavedAfterVectorsWereCached_RankedByMeaningToo()
    {
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "garden.txt", "Garden club", "Tomatoes need sun.");
        Assert.NotEmpty(await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), "tomatoes sun"));

        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        var found = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle);

        // Found by words alone it would score 1 / (K + 1); by words and by meaning, more.
        Assert.Equal("falcon.docx", found[0].DocumentName);
        Assert.True(found[0].Score > 1.0 / (RankFusion.K + 1), $"score {found[0].Score}: not ranked by meaning");
    }

    [Fact]
    public async Task SearchAsync_FileForgottenAfterVectorsWereCached_NotRankedByMeaning()
    {
        long falcon = await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon.docx", FalconTitle, "Falcon budget.");
        await SaveAsync(DocumentAccess.Owner(Tenant, "megan"), "falcon-notes.txt", "Notes", "Falcon budget review.");
        Assert.Equal(2, (await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle, 0.0001)).Count);

        Assert.True(await _store.DeleteOwnedAsync(Tenant, "megan", falcon, default));
        var found = await SearchAsync(ReaderAccess.OwnFiles(Tenant, "megan"), FalconTitle, 0.0001);

        Assert.Equal("falcon-notes.txt", Assert.Single(found).DocumentName);
    }

    [Fact]
    public async Task SearchAsync_RareWordAmongWordsInMostPassages_RarePassageFirstAndCommonWordsNotScored()
    {
        // More passages hold each common word than the keyword query may score. By meaning, a passage without any of
        // the question's words comes first and the rare word's passage second; by words, the rare passage comes
        // first only when the common words are left out (ts_rank prefers a passage holding three of them).
        var megan = DocumentAccess.Owner(Tenant, "megan");
        await SaveWithVectorsAsync(megan, "minutes.txt", Enumerable.Range(0, KeywordTerms.CandidateBudget + 100)
            .Select(i => ($"Item {i}: the policy for the office was noted in the report.", Direction(0.5f))).ToList());
        await SaveWithVectorsAsync(megan, "decoy.txt", [("Nothing here matches by words at all.", Direction(0f))]);
        await SaveWithVectorsAsync(megan, "zoo.txt", [("Zebra enclosure keys hang in the shed.", Direction(0.3f))]);
        var query = new KnowledgeQuery(ReaderAccess.OwnFiles(Tenant, "megan"), "zebra policy office report",
            Direction(0f), Model, 5, 0.3);

        var kept = await KeywordTermsAsync(_database, query);
        var found = await _index.SearchAsync(query, default);

        Assert.Equal(["zebra"], kept);
        Assert.Equal("zoo.txt", found[0].DocumentName);
    }

    [Fact]
    public async Task SearchAsync_CommonWordsWithinBudget_AllKeptRarestFirst()
    {
        var megan = DocumentAccess.Owner(Tenant, "megan");
        await SaveWithVectorsAsync(megan, "minutes.txt", Enumerable.Range(0, 40)
            .Select(i => (i < 10 ? $"Policy and office, item {i}." : $"Policy only, item {i}.", Direction(0.5f))).ToList());
        var query = new KnowledgeQuery(ReaderAccess.OwnFiles(Tenant, "megan"), "policy office absent",
            Direction(0f), Model, 5, 0.3);

        Assert.Equal(["office", "policy"], await KeywordTermsAsync(_database, query));
    }

    [Fact]
    public async Task SearchAsync_WordOnlyInAnotherReadersFiles_NotCountedForThisReader()
    {
        // Counts are the reader's own: another person's files never change which words this reader searches by.
        await SaveWithVectorsAsync(DocumentAccess.Owner(Tenant, "adele"), "adele.txt", Enumerable.Range(0, 3)
            .Select(i => ($"Policy draft {i}.", Direction(0.5f))).ToList());
        await SaveWithVectorsAsync(DocumentAccess.Owner(Tenant, "megan"), "megan.txt",
            [("Policy and office.", Direction(0.5f)), ("Office hours.", Direction(0.5f))]);
        var query = new KnowledgeQuery(ReaderAccess.OwnFiles(Tenant, "megan"), "office policy", Direction(0f), Model, 5,
            0.3);

        Assert.Equal(["policy", "office"], await KeywordTermsAsync(_database, query));
    }

    /// <summary>A unit vector at <paramref name="angle"/> (radians) from the question's, in a plane of its own.</summary>
    private static float[] Direction(float angle)
    {
        var vector = new float[ModelServerDouble.EmbeddingDimensions];
        vector[0] = MathF.Cos(angle);
        vector[1] = MathF.Sin(angle);
        return vector;
    }

    private Task<long> SaveWithVectorsAsync(DocumentAccess access, string name, IReadOnlyList<(string Text, float[] Vector)> passages)
    {
        var chunks = passages.Select((p, i) => new TextChunk(i, null, null, p.Text)).ToList();
        return _store.SaveAsync(new KnowledgeDocumentRecord
        {
            TenantId = access.TenantId,
            OwnerUserId = access.OwnerUserId,
            CollectionId = access.CollectionId,
            SourceKind = "teams-file",
            SourceKey = (access.OwnerUserId ?? access.CollectionId ?? "none") + "/" + name,
            Name = name,
            ContentHash = "00",
            EmbeddingModel = Model,
        }, chunks, passages.Select(p => p.Vector).ToList(), default);
    }

    private protected static KnowledgeVectorCache NewVectorCache() => new(Options.Create(new KnowledgeOptions()));

    protected Task<IReadOnlyList<RetrievedPassage>> SearchAsync(ReaderAccess access, string question,
        double minSimilarity = 0.3) =>
        _index.SearchAsync(new KnowledgeQuery(access, question, ModelServerDouble.EmbeddingOf(question), Model, 5,
            minSimilarity), default);

    private Task<long> SaveAsync(DocumentAccess access, string name, string heading, params string[] passages)
    {
        var chunks = passages.Select((text, i) => new TextChunk(i, heading, 1, text)).ToList();
        return _store.SaveAsync(new KnowledgeDocumentRecord
        {
            TenantId = access.TenantId,
            OwnerUserId = access.OwnerUserId,
            CollectionId = access.CollectionId,
            SourceKind = "teams-file",
            SourceKey = (access.OwnerUserId ?? access.CollectionId ?? "none") + "/" + name,
            Name = name,
            ContentHash = "00",
            EmbeddingModel = Model,
        }, chunks, chunks.Select(c => ModelServerDouble.EmbeddingOf(heading + "\n" + c.Text)).ToList(), default);
    }
}
