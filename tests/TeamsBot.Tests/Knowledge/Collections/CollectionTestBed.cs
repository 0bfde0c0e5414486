using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Dlp;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Storage;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary>
/// The collection parts wired as the app wires them, over a real database, with an allowed root in a temp folder
/// (deleted on dispose) and a fake clock for the leases.
/// </summary>
internal sealed class CollectionTestBed : IDisposable
{
    public CollectionTestBed(IDbContextFactory<BotDbContext> database, PassageEmbedder embedder)
    {
        Root = FolderSource.RealPath(Directory.CreateTempSubdirectory("teamsbot-collections-").FullName);
        Options = new CollectionOptions { AllowedRoots = [Root] };
        var collectionOptions = new FixedOptionsMonitor<CollectionOptions>(Options);
        var knowledge = new FixedOptionsMonitor<KnowledgeOptions>(new KnowledgeOptions());
        Folders = new FolderSource(collectionOptions, NullLogger<FolderSource>.Instance);
        Store = new CollectionStore(database);
        Documents = new EfKnowledgeStore(database);
        var ingestion = new FileIngestion([Folders], Documents, new FileReadingStore(database), new KnowledgeIndexingQueue(database), embedder, new DlpScanner(), knowledge, TimeProvider.System,
            NullLogger<FileIngestion>.Instance);
        Indexer = new CollectionIndexer(Store, [Folders], [Folders], ingestion,
            new DelegatePolicyProvider(() => AdmissionTests.Policy()), collectionOptions, knowledge,
            NullLogger<CollectionIndexer>.Instance);
        Runner = NewRunner();
        Administration = new CollectionAdministration(Store, Folders, Signal, Clock, NullLogger<CollectionAdministration>.Instance);
    }

    public string Root { get; }

    public CollectionOptions Options { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public FolderSource Folders { get; }

    public CollectionStore Store { get; }

    public EfKnowledgeStore Documents { get; }

    public CollectionIndexer Indexer { get; }

    public CollectionIndexRunner Runner { get; }

    public CollectionIndexSignal Signal { get; } = new();

    public CollectionAdministration Administration { get; }

    /// <summary>Another instance's runner on the same database (its own lease owner name).</summary>
    public CollectionIndexRunner NewRunner() =>
        new(Store, Indexer, new FixedOptionsMonitor<CollectionOptions>(Options), Clock, NullLogger<CollectionIndexRunner>.Instance);

    /// <summary>A folder under the allowed root.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    public static string Write(string folder, string relativePath, string text)
    {
        string path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Registers a collection of the folder, readable by <paramref name="readers"/>.</summary>
    public async Task<KnowledgeCollectionRecord> AddAsync(string name, string folder, string readers, string tenantId = "tenant-1")
    {
        var (added, error) = await Administration.AddAsync(tenantId, name, folder, readers, "admin-1", default);
        Assert.True(added is not null, error);
        return added;
    }

    public async Task<CollectionIndexReport> IndexAsync(KnowledgeCollectionRecord collection) =>
        await Indexer.IndexAsync(collection, _ => Task.FromResult(true), default);

    /// <summary>Every passage's text of the collection, as stored.</summary>
    public static async Task<List<string>> PassagesAsync(IDbContextFactory<BotDbContext> database, string collectionId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Set<KnowledgeChunkRecord>()
            .Join(db.Set<KnowledgeDocumentRecord>(), c => c.DocumentId, d => d.Id, (c, d) => new { c.Text, d.CollectionId })
            .Where(x => x.CollectionId == collectionId).Select(x => x.Text).ToListAsync();
    }

    public void Dispose()
    {
        Signal.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
