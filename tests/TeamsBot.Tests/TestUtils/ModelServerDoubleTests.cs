using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace TeamsBot.Tests.TestUtils;

/// <summary>The model double, driven by the same SDKs the app uses (OpenAI and Azure.AI.OpenAI behind IChatClient).</summary>
public sealed class ModelServerDoubleTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new(TestCertificateAuthority.Shared.CreateTrustingHandler());
    private ModelServerDouble _model = null!;

    public async Task InitializeAsync() =>
        _model = await ModelServerDouble.StartAsync(TestCertificateAuthority.Shared, CancellationToken.None);

    public async Task DisposeAsync() => await _model.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task OpenAIClient_NonStreaming_EchoesAndRecordsWhatTheModelSaw()
    {
        var client = OpenAIChatClient("model-key", "llama-test");

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "What is 2+2?")]);

        Assert.Equal(ModelServerDouble.EchoAnswer("What is 2+2?"), response.Text);
        Assert.True(response.Usage?.InputTokenCount > 0);
        var request = Assert.Single(_model.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("llama-test", request.Model);
        Assert.Equal("Bearer model-key", request.Authorization);
        Assert.False(request.Stream);
        Assert.Equal(["system", "user"], request.Messages.Select(m => m.Role));
        Assert.Equal("What is 2+2?", request.LastUserMessage);
    }

    [Fact]
    public async Task AzureClient_Streaming_ChunksAndUsageArriveInOrder()
    {
        _model.Enqueue(ModelResponse.Answer("A streamed answer that spans several chunks.", 42, 9));
        var client = AzureChatClient("azure-key", "gpt-4o-deployment");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")]))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("A streamed answer that spans several chunks.", response.Text);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(42, response.Usage?.InputTokenCount);
        Assert.Equal(9, response.Usage?.OutputTokenCount);
        var request = Assert.Single(_model.Requests);
        Assert.Equal("gpt-4o-deployment", request.Deployment);
        Assert.Equal("azure-key", request.ApiKey);
        Assert.False(string.IsNullOrEmpty(request.ApiVersion));
        Assert.True(request.Stream);
    }

    [Fact]
    public async Task AnswerFiltered_Streaming_FinishReasonIsContentFilter()
    {
        _model.Enqueue(ModelResponse.AnswerFiltered("Partial"));
        var client = AzureChatClient("azure-key", "gpt-4o-deployment");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")]))
        {
            updates.Add(update);
        }

        Assert.Equal(ChatFinishReason.ContentFilter, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task PromptFiltered_OpenAIClient_Throws400WithContentFilterCode()
    {
        _model.Enqueue(ModelResponse.PromptFiltered());
        var client = OpenAIChatClient("k", "m");

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, "bad")]));

        Assert.Equal(400, error.Status);
        Assert.Contains("content_filter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContextLengthExceeded_Raw_400WithCode()
    {
        _model.Enqueue(ModelResponse.ContextLengthExceeded());

        using var response = await PostRawAsync("v1/chat/completions", """{"model":"m","messages":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("context_length_exceeded", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task TooManyRequests_Raw_SendsAllRetryAfterHeaders()
    {
        _model.Enqueue(ModelResponse.TooManyRequests(TimeSpan.FromMilliseconds(1500)));

        using var response = await PostRawAsync(
            "openai/deployments/d/chat/completions?api-version=2024-10-21", """{"messages":[]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("retry-after").Single());
        Assert.Equal("1500", response.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("1500", response.Headers.GetValues("x-ms-retry-after-ms").Single());
        Assert.Equal("2024-10-21", Assert.Single(_model.Requests).ApiVersion);
    }

    [Fact]
    public async Task Streaming_Raw_EndsWithUsageChunkThenDone()
    {
        _model.Enqueue(ModelResponse.Answer("ok"));

        using var response = await PostRawAsync(
            "v1/chat/completions",
            """{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}""");
        var lines = (await response.Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.All(lines, l => Assert.StartsWith("data: ", l, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", lines[^1]);
        var usage = JsonNode.Parse(lines[^2]["data: ".Length..])!;
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.NotNull(usage["usage"]?["total_tokens"]);
        var final = JsonNode.Parse(lines[^3]["data: ".Length..])!;
        Assert.Equal("stop", (string?)final["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task Slow_ClientGivesUp_RequestStillRecorded()
    {
        _model.Enqueue(ModelResponse.Slow(TimeSpan.FromSeconds(30)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PostRawAsync(
            "v1/chat/completions", """{"model":"m","messages":[]}""", timeout.Token));

        Assert.Single(_model.Requests);
    }

    [Fact]
    public async Task RequiredApiKey_Missing_Answers401()
    {
        _model.RequiredApiKey = "expected";

        using var response = await PostRawAsync("v1/chat/completions", """{"model":"m","messages":[]}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private IChatClient OpenAIChatClient(string key, string model) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = _model.OpenAIEndpoint,
            Transport = new HttpClientPipelineTransport(_http),
            RetryPolicy = new ClientRetryPolicy(0),
        }).GetChatClient(model).AsIChatClient();

    private IChatClient AzureChatClient(string key, string deployment) =>
        new AzureOpenAIClient(_model.BaseAddress, new ApiKeyCredential(key), new AzureOpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(_http),
            RetryPolicy = new ClientRetryPolicy(0),
        }).GetChatClient(deployment).AsIChatClient();

    private async Task<HttpResponseMessage> PostRawAsync(
        string path, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _http.PostAsync(new Uri(_model.BaseAddress, path), content, cancellationToken);
    }
}
