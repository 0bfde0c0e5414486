using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Model;

namespace TeamsBot.Tests.TestUtils;

/// <summary>Passage embedders for tests: the model provider against <see cref="ModelServerDouble"/>'s endpoint.</summary>
public static class TestEmbedders
{
    public const string Deployment = "text-embedding-3-small";

    internal static PassageEmbedder Model(ModelServerDouble server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var model = new ModelOptions
        {
            Provider = ModelProvider.OpenAI,
            Endpoint = server.OpenAIEndpoint,
            Deployment = "chat",
            MaxRetries = 0,
        };
        using var services = new ServiceCollection().AddSingleton(Options.Create(model)).BuildServiceProvider();
        return new PassageEmbedder(ChatClientFactory.CreateEmbeddingGenerator(services, Deployment),
            Options.Create(new EmbeddingOptions { Provider = EmbeddingProvider.Model, Deployment = Deployment }));
    }
}
