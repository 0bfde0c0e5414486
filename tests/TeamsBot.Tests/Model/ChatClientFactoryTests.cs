using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsBot.Model;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Model;

/// <summary>
/// The answer-length limit reaches each kind of model server in the field it reads, proven on the request bodies
/// the model double records: <c>max_completion_tokens</c> for Azure OpenAI, <c>max_tokens</c> for an
/// OpenAI-compatible server (Ollama, vLLM, llama.cpp), which ignore the former.
/// </summary>
public sealed class ChatClientFactoryTests : IAsyncLifetime
{
    private const int Limit = 321;
    private ModelServerDouble _model = null!;

    public async Task InitializeAsync() => _model = await ModelServerDouble.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_OpenAICompatibleServer_SendsMaxTokensOnly(bool streaming)
    {
        var client = Create(ModelProvider.OpenAI, _model.OpenAIEndpoint);

        await AskAsync(client, streaming);

        var body = Assert.Single(_model.Requests).Body!;
        Assert.Equal(Limit, (int?)body["max_tokens"]);
        Assert.False(body.ContainsKey("max_completion_tokens"), body.ToJsonString());
        Assert.Equal("llama3.1", (string?)body["model"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_AzureOpenAI_SendsMaxCompletionTokensOnly(bool streaming)
    {
        var client = Create(ModelProvider.AzureOpenAI, _model.BaseAddress);

        await AskAsync(client, streaming);

        var body = Assert.Single(_model.Requests).Body!;
        Assert.Equal(Limit, (int?)body["max_completion_tokens"]);
        Assert.False(body.ContainsKey("max_tokens"), body.ToJsonString());
    }

    [Theory]
    [InlineData(ModelProvider.OpenAI, "https://api.openai.com/v1", false)]
    [InlineData(ModelProvider.OpenAI, "https://API.OpenAI.com/v1/", false)]
    [InlineData(ModelProvider.AzureOpenAI, "https://contoso.openai.azure.com/", false)]
    [InlineData(ModelProvider.OpenAI, "http://localhost:11434/v1", true)]
    [InlineData(ModelProvider.OpenAI, "https://vllm.contoso.internal/v1", true)]
    [InlineData(ModelProvider.OpenAI, "https://api.openai.com.contoso.internal/v1", true)]
    public void MaxTokensFieldPolicy_AppliesTo_OnlyOpenAICompatibleServers(ModelProvider provider, string endpoint,
        bool expected)
    {
        var options = new ModelOptions { Provider = provider, Endpoint = new Uri(endpoint), Deployment = "d" };

        Assert.Equal(expected, MaxTokensFieldPolicy.AppliesTo(options));
    }

    private static IChatClient Create(ModelProvider provider, Uri endpoint)
    {
        var options = new ModelOptions
        {
            Provider = provider,
            Endpoint = endpoint,
            Deployment = "llama3.1",
            ApiKey = "model-key",
            MaxRetries = 0,
        };
        using var services = new ServiceCollection().AddSingleton(Options.Create(options)).BuildServiceProvider();
        return ChatClientFactory.Create(services);
    }

    private static async Task AskAsync(IChatClient client, bool streaming)
    {
        var chatOptions = new ChatOptions { MaxOutputTokens = Limit };
        if (streaming)
        {
            await foreach (var update in client.GetStreamingResponseAsync("What is 2+2?", chatOptions))
            {
                Assert.NotNull(update);
            }
        }
        else
        {
            var response = await client.GetResponseAsync("What is 2+2?", chatOptions);
            Assert.Equal(ModelServerDouble.EchoAnswer("What is 2+2?"), response.Text);
        }
    }
}
