using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Connector;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Model;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// Documents embedded by an old model, then the configuration switched to the model server's embeddings (the double's
/// /v1/embeddings over loopback HTTP): the worker embeds them again from their stored text, resumes after a crash, and
/// search then finds them by meaning with the new model.
/// </summary>
public sealed class ReembeddingWorkerTests : IAsyncLifetime, IDisposable
{
    private const string Tenant = "tenant-1";
    private const string OldModel = "local:old-model";
    private const int DocumentCount = ReembeddingWorker.DocumentsPerBatch + 2;
    private readonly TempSqliteDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private ModelServerDouble _model = null!;
    private ServiceProvider _services = null!;
    private PassageEmbedder _embedder = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        var model = new ModelOptions
        {
            Provider = ModelProvider.OpenAI,
            Endpoint = _model.OpenAIEndpoint,
            Deployment = "chat",
            ApiKey = "model-key",
            MaxRetries = 0,
        };
        _services = new ServiceCollection().AddSingleton(Options.Create(model)).BuildServiceProvider();
        var embeddings = new EmbeddingOptions { Provider = EmbeddingProvider.Model, Deployment = "text-embedding-3-small" };
        _embedder = new PassageEmbedder(ChatClientFactory.CreateEmbeddingGenerator(_services, embeddings.Deployment),
            Options.Create(embeddings));
        var store = new EfKnowledgeStore(_database);
        for (int i = 0; i < DocumentCount; i++)
        {
            var chunks = new List<TextChunk>
            {
                new(0, "Site " + i, null, $"Warehouse {i} stores pallets of copper wire."),
                new(1, "Site " + i, null, $"Depot {i} opens at seven."),
            };
            // The old model's vectors: all alike, and of another length than the new model's.
            await store.SaveAsync(new KnowledgeDocumentRecord
            {
                TenantId = Tenant,
                OwnerUserId = "megan",
                SourceKind = "teams-file",
                SourceKey = $"megan/site-{i}.txt",
                Name = $"site-{i}.txt",
                ContentHash = "00",
                EmbeddingModel = OldModel,
            }, chunks, chunks.Select(_ => (float[])[1f, 0f, 0f, 0f]).ToList(), default);
        }
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _model.DisposeAsync();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ExecuteAsync_EmbeddingModelChanged_EveryDocumentEmbeddedAgainAndFoundByMeaning()
    {
        const string question = "copper wire pallets";
        var before = await SearchAsync(question);
        Assert.NotEmpty(before);
        Assert.All(before, p => Assert.True(double.IsNaN(p.Similarity)));

        using var worker = NewWorker();
        await worker.StartAsync(default);
        var reembedding = new KnowledgeReembedding(_database, _embedder);
        for (int wait = 0; wait < 200 && await reembedding.RemainingAsync(default) > 0; wait++)
        {
            await Task.Delay(50);
        }

        await worker.StopAsync(default);

        await AssertAllOfNewModelAsync();
        var after = await SearchAsync(question);
        Assert.NotEmpty(after);
        Assert.All(after, p => Assert.True(p.Similarity >= 0.3, $"similarity {p.Similarity}"));
        // Found by words alone it would score at most 1 / (K + 1); by words and by meaning, more.
        Assert.True(after[0].Score > 1.0 / (RankFusion.K + 1), $"score {after[0].Score}: not ranked by meaning");
        Assert.Equal(DocumentCount * 2, _model.EmbeddingRequests.Sum(r => r.Inputs.Count));
    }

    [Fact]
    public async Task ReembedBatchAsync_InstanceCrashedHoldingADocument_TakenOverAfterItsLeaseAndFinished()
    {
        using var worker = NewWorker();
        var reembedding = new KnowledgeReembedding(_database, _embedder);

        Assert.Equal(ReembeddingWorker.DocumentsPerBatch, await worker.ReembedBatchAsync(default));
        // Another instance claims one of the two left, then dies without finishing it.
        Assert.NotNull(await reembedding.ClaimAsync("crashed-instance", _clock.GetUtcNow().UtcDateTime,
            FileIndexingWorker.Lease, default));
        Assert.Equal(1, await worker.ReembedBatchAsync(default));
        Assert.Equal(1, await reembedding.RemainingAsync(default));
        Assert.Equal(0, await worker.ReembedBatchAsync(default));

        _clock.Advance(FileIndexingWorker.Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await worker.ReembedBatchAsync(default));
        await AssertAllOfNewModelAsync();
    }

    private ReembeddingWorker NewWorker() => new(new KnowledgeReembedding(_database, _embedder),
        new TurnLedger(_database, Options.Create(new TurnsOptions()), new ConversationSendPacer(_clock), _clock), _clock,
        NullLogger<ReembeddingWorker>.Instance);

    private async Task AssertAllOfNewModelAsync()
    {
        await using var db = _database.CreateDbContext();
        var documents = await db.Set<KnowledgeDocumentRecord>().AsNoTracking().ToListAsync();
        Assert.Equal(DocumentCount, documents.Count);
        Assert.All(documents, d => Assert.Equal((_embedder.ModelId, null), (d.EmbeddingModel, d.IndexingLeaseOwner)));
        foreach (var chunk in await db.Set<KnowledgeChunkRecord>().AsNoTracking().ToListAsync())
        {
            Assert.Equal(ModelServerDouble.EmbeddingOf(PassageEmbedder.PassageText(chunk.Heading, chunk.Text)),
                VectorCodec.FromBytes(chunk.Embedding!));
        }
    }

    private Task<IReadOnlyList<RetrievedPassage>> SearchAsync(string question) =>
        new SqliteKnowledgeIndex(_database, new KnowledgeVectorCache(Options.Create(new KnowledgeOptions())))
            .SearchAsync(new KnowledgeQuery(ReaderAccess.OwnFiles(Tenant, "megan"), question,
                VectorCodec.Normalise(ModelServerDouble.EmbeddingOf(question)), _embedder.ModelId, 5, 0.3), default);
}
