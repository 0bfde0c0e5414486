using TeamsBot.Knowledge.Collections;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary>Index runs over a real folder and a real SQLite file, with embeddings from the model double over HTTP.</summary>
public sealed class CollectionIndexerTests : IAsyncLifetime
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
    private readonly TempSqliteDatabase _database = new();
    private ModelServerDouble _model = null!;
    private CollectionTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _bed = new CollectionTestBed(_database, TestEmbedders.Model(_model));
    }

    public async Task DisposeAsync()
    {
        _bed.Dispose();
        await _model.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task IndexAsync_NewFolder_EveryDocumentStoredAsTheCollections()
    {
        string folder = _bed.Folder("policies");
        CollectionTestBed.Write(folder, "travel.md", "# Travel\nBook trains for trips under four hours.");
        CollectionTestBed.Write(folder, "hr/leave.txt", "Employees get 25 days of annual leave.");
        CollectionTestBed.Write(folder, "notes.bin", "not a document type");
        CollectionTestBed.Write(folder, ".hidden.md", "# Hidden\nnot listed");
        var collection = await _bed.AddAsync("policies", folder, "group:g-all");

        var report = await _bed.IndexAsync(collection);

        Assert.Equal(new CollectionIndexReport(2, 0, 0, 0, 0, Complete: true), report);
        var documents = await _bed.Store.DocumentsAsync("tenant-1", collection.Id, default);
        Assert.Equal([collection.Id + "/hr/leave.txt", collection.Id + "/travel.md"],
            documents.Select(d => d.SourceKey).Order(StringComparer.Ordinal));
        Assert.Empty(await _bed.Documents.ListOwnedAsync("tenant-1", "admin-1", default));
    }

    [Fact]
    public async Task IndexAsync_FileEdited_ReadAgainAndTheOldTextGone()
    {
        string folder = _bed.Folder("policies");
        string path = CollectionTestBed.Write(folder, "leave.txt", "Employees get 25 days of annual leave.");
        var collection = await _bed.AddAsync("policies", folder, "group:g-all");
        await _bed.IndexAsync(collection);

        File.WriteAllText(path, "Employees get 30 days of annual leave from 2027.");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var report = await _bed.IndexAsync(collection);

        Assert.Equal(new CollectionIndexReport(0, 1, 0, 0, 0, Complete: true), report);
        var passage = Assert.Single(await CollectionTestBed.PassagesAsync(_database, collection.Id));
        Assert.Contains("30 days", passage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAsync_FileTouchedButNotEdited_NotReadIntoTheIndexAgain()
    {
        string folder = _bed.Folder("policies");
        string path = CollectionTestBed.Write(folder, "leave.txt", "Employees get 25 days of annual leave.");
        var collection = await _bed.AddAsync("policies", folder, "group:g-all");
        await _bed.IndexAsync(collection);
        int embedded = _model.EmbeddingRequests.Count;

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var touched = await _bed.IndexAsync(collection);
        var again = await _bed.IndexAsync(collection);

        Assert.Equal(new CollectionIndexReport(0, 0, 1, 0, 0, Complete: true), touched);
        Assert.Equal(new CollectionIndexReport(0, 0, 1, 0, 0, Complete: true), again);
        Assert.Equal(embedded, _model.EmbeddingRequests.Count);
        var document = Assert.Single(await _bed.Store.DocumentsAsync("tenant-1", collection.Id, default));
        Assert.StartsWith(new FileInfo(path).Length + ":", document.SourceVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAsync_FileDeleted_RemovedWithItsPassages()
    {
        string folder = _bed.Folder("policies");
        CollectionTestBed.Write(folder, "leave.txt", "Employees get 25 days of annual leave.");
        string travel = CollectionTestBed.Write(folder, "travel.txt", "Book trains for short trips.");
        var collection = await _bed.AddAsync("policies", folder, "group:g-all");
        await _bed.IndexAsync(collection);

        File.Delete(travel);
        var report = await _bed.IndexAsync(collection);

        Assert.Equal(new CollectionIndexReport(0, 0, 1, 1, 0, Complete: true), report);
        Assert.DoesNotContain(await CollectionTestBed.PassagesAsync(_database, collection.Id),
            p => p.Contains("trains", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IndexAsync_SecretInACompanyDocument_NeverIndexedOrEmbedded()
    {
        string folder = _bed.Folder("runbooks");
        CollectionTestBed.Write(folder, "deploy.md", $"# Deploy\nThe build uploads with {AwsKey}. Ask ops for access.");
        var collection = await _bed.AddAsync("runbooks", folder, "group:g-ops");

        await _bed.IndexAsync(collection);

        var passage = Assert.Single(await CollectionTestBed.PassagesAsync(_database, collection.Id));
        Assert.Contains("Ask ops for access.", passage, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsKey, passage, StringComparison.Ordinal);
        Assert.All(_model.EmbeddingRequests, r => Assert.All(r.Inputs, i => Assert.DoesNotContain(AwsKey, i, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task IndexAsync_LinksOutOfTheFolder_NeitherFollowedNorIndexed()
    {
        string folder = _bed.Folder("policies");
        string outside = Directory.CreateTempSubdirectory("teamsbot-outside-").FullName;
        try
        {
            CollectionTestBed.Write(outside, "secret.txt", "Board minutes: the merger closes in May.");
            CollectionTestBed.Write(folder, "leave.txt", "Employees get 25 days of annual leave.");
            File.CreateSymbolicLink(Path.Combine(folder, "minutes.txt"), Path.Combine(outside, "secret.txt"));
            Directory.CreateSymbolicLink(Path.Combine(folder, "board"), outside);
            var collection = await _bed.AddAsync("policies", folder, "group:g-all");

            var report = await _bed.IndexAsync(collection);

            Assert.Equal(1, report.Added);
            Assert.DoesNotContain(await CollectionTestBed.PassagesAsync(_database, collection.Id),
                p => p.Contains("merger", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task IndexAsync_MoreFilesThanAllowed_NothingIndexedOrRemoved()
    {
        string folder = _bed.Folder("policies");
        CollectionTestBed.Write(folder, "a.txt", "First policy text.");
        var collection = await _bed.AddAsync("policies", folder, "group:g-all");
        await _bed.IndexAsync(collection);
        CollectionTestBed.Write(folder, "b.txt", "Second policy text.");
        _bed.Options.MaxDocumentsPerCollection = 1;

        await Assert.ThrowsAsync<TeamsBot.Knowledge.Sources.CollectionLocationException>(() => _bed.IndexAsync(collection));

        Assert.Single(await _bed.Store.DocumentsAsync("tenant-1", collection.Id, default));
    }

    [Fact]
    public async Task RunAsync_TwoInstances_OneIndexesWhileItHoldsTheLeaseAndTheOtherAfterItLapses()
    {
        string folder = _bed.Folder("policies");
        CollectionTestBed.Write(folder, "leave.txt", "Employees get 25 days of annual leave.");
        var collection = await _bed.AddAsync("policies", folder, "group:g-all");
        var other = _bed.NewRunner();
        var now = _bed.Clock.GetUtcNow().UtcDateTime;
        Assert.True(await _bed.Store.TryClaimAsync(collection.Id, "instance-that-stopped", now, now + _bed.Options.IndexLease,
            dueOnly: true, default));

        var whileHeld = await other.RunAsync(collection.Id, dueOnly: false, default);
        _bed.Clock.Advance(_bed.Options.IndexLease + TimeSpan.FromSeconds(1));
        var afterLapse = await other.RunAsync(collection.Id, dueOnly: true, default);
        var notDueAgain = await _bed.Runner.RunAsync(collection.Id, dueOnly: true, default);

        Assert.Null(whileHeld);
        Assert.Equal(1, afterLapse?.Added);
        Assert.Null(notDueAgain);
        var stored = await _bed.Store.GetAsync(collection.Id, default);
        Assert.Equal((null, _bed.Clock.GetUtcNow().UtcDateTime + _bed.Options.ReindexInterval),
            (stored!.IndexLeaseOwner, stored.NextIndexAt));
    }

    [Fact]
    public async Task RunDueAsync_DueAfterTheInterval_NewFileIndexedOnlyThen()
    {
        string folder = _bed.Folder("policies");
        CollectionTestBed.Write(folder, "leave.txt", "Employees get 25 days of annual leave.");
        var collection = await _bed.AddAsync("policies", folder, "group:g-all");
        using var service = new CollectionIndexService(_bed.Store, _bed.Runner, _bed.Signal,
            new FixedOptionsMonitor<CollectionOptions>(_bed.Options), _bed.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CollectionIndexService>.Instance);
        await service.RunDueAsync(default);
        CollectionTestBed.Write(folder, "travel.txt", "Book trains for short trips.");

        await service.RunDueAsync(default);
        int beforeInterval = (await _bed.Store.DocumentsAsync("tenant-1", collection.Id, default)).Count;
        _bed.Clock.Advance(_bed.Options.ReindexInterval);
        await service.RunDueAsync(default);
        int afterInterval = (await _bed.Store.DocumentsAsync("tenant-1", collection.Id, default)).Count;

        Assert.Equal((1, 2), (beforeInterval, afterInterval));
    }
}
