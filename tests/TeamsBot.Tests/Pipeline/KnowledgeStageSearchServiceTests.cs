using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

/// <summary>The knowledge stage over Azure AI Search: when the service refuses the bot, it answers without files and says so.</summary>
public sealed class KnowledgeStageSearchServiceTests : IAsyncLifetime
{
    private const string Tenant = "tenant-1";
    private readonly TempSqliteDatabase _database = new();
    private readonly HttpClient _http = new();
    private ModelServerDouble _model = null!;
    private AzureSearchDouble _search = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _search = await AzureSearchDouble.StartAsync("passages", "right-key", default);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _http.Dispose();
        await _search.DisposeAsync();
        await _model.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task InvokeAsync_SearchServiceRefusesTheKey_AnsweredWithoutFilesAndSaysSo()
    {
        var embedder = TestEmbedders.Model(_model);
        var store = new EfKnowledgeStore(_database, Index("right-key"));
        const string text = "Employees get 25 days of annual leave each year.";
        await store.SaveAsync(new KnowledgeDocumentRecord
        {
            TenantId = Tenant,
            OwnerUserId = "user-1",
            SourceKind = "teams-file",
            SourceKey = "user-1/leave.pdf",
            Name = "leave.pdf",
            ContentHash = "00",
            EmbeddingModel = embedder.ModelId,
        }, [new TextChunk(0, "Annual leave", 1, text)],
            await embedder.EmbedAsync([PassageEmbedder.PassageText("Annual leave", text)], default), default);
        var stage = Stage(embedder, Index("rotated-key"));
        var turn = TestTurns.Create("How many days of annual leave do employees get?", null, tenantId: Tenant,
            userId: "user-1");
        bool answered = false;

        await stage.InvokeAsync(turn, (_, _) => { answered = true; return Task.CompletedTask; }, default);

        Assert.True(answered);
        Assert.Equal(["I could not search your files just now, so this answer does not use them."], turn.Notes);
        Assert.Empty(turn.Citations);
        Assert.Equal("rotated-key", _search.Requests[^1].ApiKey);
    }

    private AzureSearchKnowledgeIndex Index(string apiKey) => new(_http, new KnowledgeIndexOptions
    {
        Provider = KnowledgeIndexProvider.AzureSearch,
        Endpoint = _search.BaseAddress,
        IndexName = "passages",
        ApiKey = apiKey,
    }, null, _database, NullLogger<AzureSearchKnowledgeIndex>.Instance);

    private KnowledgeStage Stage(PassageEmbedder embedder, IKnowledgeIndex index)
    {
        var collections = new CollectionStore(_database);
        _services = new ServiceCollection().AddSingleton(embedder).AddSingleton(index)
            .AddSingleton(new CollectionAccess(collections, new FakeUserDirectory(), NullLogger<CollectionAccess>.Instance))
            .BuildServiceProvider();
        var modelOptions = new ModelOptions { MaxPromptTokens = 8000 };
        return new KnowledgeStage(new EfKnowledgeStore(_database), _services,
            new FixedOptionsMonitor<KnowledgeOptions>(new KnowledgeOptions()),
            Options.Create(new EmbeddingOptions { MinSimilarity = 0.3 }),
            new TiktokenTokenCounter(Options.Create(modelOptions)), new FixedOptionsMonitor<ModelOptions>(modelOptions),
            NullLogger<KnowledgeStage>.Instance);
    }
}
