using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Model;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Embeddings;

public sealed class PassageEmbedderTests : IAsyncLifetime
{
    private ModelServerDouble _model = null!;

    public async Task InitializeAsync() => _model = await ModelServerDouble.StartAsync(default);

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task EmbedAsync_OpenAICompatibleServer_VectorsFromV1EmbeddingsInBatches()
    {
        var texts = Enumerable.Range(0, PassageEmbedder.BatchSize + 8).Select(i => $"passage {i} about leave").ToList();
        var embedder = Embedder(ModelProvider.OpenAI, _model.OpenAIEndpoint);

        var vectors = await embedder.EmbedAsync(texts, default);

        Assert.Equal(texts.Count, vectors.Count);
        Assert.Equal(ModelServerDouble.EmbeddingOf(texts[33]), vectors[33]);
        var requests = _model.EmbeddingRequests;
        Assert.Equal([PassageEmbedder.BatchSize, 8], requests.Select(r => r.Inputs.Count));
        Assert.All(requests, r => Assert.Equal(("/v1/embeddings", "text-embedding-3-small", "Bearer model-key"),
            (r.Path, r.Model, r.Authorization)));
        Assert.Equal("model:text-embedding-3-small", embedder.ModelId);
    }

    [Fact]
    public async Task EmbedAsync_AzureOpenAI_DeploymentsEmbeddingsWithApiKey()
    {
        var embedder = Embedder(ModelProvider.AzureOpenAI, _model.BaseAddress);

        var vectors = await embedder.EmbedAsync(["annual leave policy"], default);

        Assert.Equal(ModelServerDouble.EmbeddingOf("annual leave policy"), Assert.Single(vectors));
        var request = Assert.Single(_model.EmbeddingRequests);
        Assert.Equal(("/openai/deployments/text-embedding-3-small/embeddings", "model-key"), (request.Path, request.ApiKey));
    }

    [Fact]
    public async Task EmbedAsync_ServerFails_Throws()
    {
        _model.EmbeddingFailureStatus = 400;
        var embedder = Embedder(ModelProvider.OpenAI, _model.OpenAIEndpoint);

        await Assert.ThrowsAnyAsync<Exception>(() => embedder.EmbedAsync(["text"], default));
    }

    [Theory]
    [InlineData(EmbeddingProvider.Local, null, false, true)]
    [InlineData(EmbeddingProvider.Model, "text-embedding-3-small", true, true)]
    [InlineData(EmbeddingProvider.Model, null, true, false)]
    [InlineData(EmbeddingProvider.Model, "text-embedding-3-small", false, false)]
    [InlineData((EmbeddingProvider)7, null, true, false)]
    public void Validate_ProviderDeploymentAndModel_AsExpected(EmbeddingProvider provider, string? deployment,
        bool modelConfigured, bool valid)
    {
        var model = modelConfigured
            ? new ModelOptions { Provider = ModelProvider.OpenAI, Endpoint = new Uri("https://models.contoso.com/v1"), Deployment = "m" }
            : new ModelOptions();
        var validator = new EmbeddingOptionsValidator(Options.Create(model));

        var result = validator.Validate(null, new EmbeddingOptions { Provider = provider, Deployment = deployment });

        Assert.Equal(valid, result.Succeeded);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Validate_SimilarityOutOfRange_Fails(double minSimilarity)
    {
        var validator = new EmbeddingOptionsValidator(Options.Create(new ModelOptions()));

        Assert.False(validator.Validate(null, new EmbeddingOptions { MinSimilarity = minSimilarity }).Succeeded);
    }

    private static PassageEmbedder Embedder(ModelProvider provider, Uri endpoint)
    {
        var model = new ModelOptions
        {
            Provider = provider,
            Endpoint = endpoint,
            Deployment = "chat",
            ApiKey = "model-key",
            MaxRetries = 0,
        };
        using var services = new ServiceCollection().AddSingleton(Options.Create(model)).BuildServiceProvider();
        var embeddings = new EmbeddingOptions { Provider = EmbeddingProvider.Model, Deployment = "text-embedding-3-small" };
        return new PassageEmbedder(ChatClientFactory.CreateEmbeddingGenerator(services, embeddings.Deployment),
            Options.Create(embeddings));
    }
}
