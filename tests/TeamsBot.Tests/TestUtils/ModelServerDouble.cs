using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// OpenAI-compatible chat-completions server on 127.0.0.1: <c>POST /v1/chat/completions</c> (OpenAI and compatible
/// servers) and <c>POST /openai/deployments/{deployment}/chat/completions?api-version=…</c> (Azure OpenAI), JSON or
/// SSE streaming. Records what the model received; answers are scripted with <see cref="ModelResponse"/>.
/// Also <c>POST …/embeddings</c> in OpenAI's shape (float or base64 vectors, usage), with deterministic vectors of
/// <see cref="EmbeddingDimensions"/> dimensions: the words of a text hashed into buckets, so texts sharing words are
/// close.
/// </summary>
public sealed class ModelServerDouble : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly WaitableLog<ModelRequest> _requests = new();
    private readonly Queue<ModelResponse> _script = new();
    private readonly List<HeldRequest<ModelRequest>> _holds = [];
    private readonly WaitableLog<EmbeddingRequest> _embeddingRequests = new();
    private WebApplication? _app;
    private long _completionCounter;

    private ModelServerDouble()
    {
        BaseAddress = new Uri("http://127.0.0.1/");
    }

    /// <summary>http(s)://127.0.0.1:port/ — the Azure OpenAI endpoint (the SDK appends <c>openai/deployments/…</c>).</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>Endpoint for the OpenAI SDK / compatible servers: <c>…/v1</c> (the SDK appends <c>/chat/completions</c>).</summary>
    public Uri OpenAIEndpoint => new(BaseAddress, "v1");

    /// <summary>When set, a request must carry <c>api-key: {key}</c> or <c>Authorization: Bearer {key}</c>, else 401.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>Answer used when nothing is queued. Default: echo of the last user message.</summary>
    public ModelResponse DefaultResponse { get; set; } = ModelResponse.Echo();

    public IReadOnlyList<ModelRequest> Requests => _requests.Snapshot();

    /// <summary>Size of the vectors the embeddings endpoint returns.</summary>
    public const int EmbeddingDimensions = 64;

    public IReadOnlyList<EmbeddingRequest> EmbeddingRequests => _embeddingRequests.Snapshot();

    /// <summary>When set, the embeddings endpoint answers with this HTTP status (an error body) instead.</summary>
    public int? EmbeddingFailureStatus { get; set; }

    /// <summary>The vector the endpoint returns for a text (unit length; zero for a text without words).</summary>
    public static float[] EmbeddingOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var vector = new float[EmbeddingDimensions];
        foreach (var word in text.ToLowerInvariant().Split(
            (char[])[' ', '\n', '\t', '.', ',', '?', '!', ':', ';', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            uint hash = 2166136261;
            foreach (char c in word)
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[hash % EmbeddingDimensions] += 1;
        }

        double length = Math.Sqrt(vector.Sum(v => (double)v * v));
        return length == 0 ? vector : vector.Select(v => (float)(v / length)).ToArray();
    }

    public static Task<ModelServerDouble> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(null, cancellationToken);

    /// <summary>Starts the server; with <paramref name="tls"/> it serves HTTPS with the test CA's certificate.</summary>
    public static async Task<ModelServerDouble> StartAsync(TestCertificateAuthority? tls, CancellationToken cancellationToken)
    {
        var server = new ModelServerDouble();
        var (app, baseAddress) = await LoopbackHost.StartAsync(server.Map, tls?.ServerCertificate, cancellationToken);
        server._app = app;
        server.BaseAddress = baseAddress;
        return server;
    }

    /// <summary>The deterministic default answer for a prompt.</summary>
    public static string EchoAnswer(string lastUserMessage) => "Echo: " + lastUserMessage;

    /// <summary>Queues answers for the next requests, in order; afterwards <see cref="DefaultResponse"/> applies.</summary>
    public void Enqueue(params ModelResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        lock (_gate)
        {
            foreach (var response in responses)
            {
                _script.Enqueue(response);
            }
        }
    }

    public void ClearRequests()
    {
        _requests.Clear();
    }

    /// <summary>
    /// Holds the next request that matches: recorded, then not answered until
    /// <see cref="HeldRequest{TRequest}.Release"/> (a model still thinking), so a test can act while the call is in
    /// flight. The answer then is the scripted or default one.
    /// </summary>
    public HeldRequest<ModelRequest> HoldNext(Func<ModelRequest, bool> which)
    {
        ArgumentNullException.ThrowIfNull(which);
        var hold = new HeldRequest<ModelRequest>(which);
        lock (_gate)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    public async Task<IReadOnlyList<ModelRequest>> WaitForRequestsAsync(
        Func<ModelRequest, bool> predicate,
        int count,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        return await _requests.WaitAsync(predicate, count, timeout,
            seen => $"The model double saw {seen} of {count} matching request(s) within {timeout}.", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await LoopbackHost.StopAsync(_app);
        }
    }

    private static ModelMessage[] ReadMessages(JsonObject? body)
    {
        if (body?["messages"] is not JsonArray messages)
        {
            return [];
        }

        return messages.OfType<JsonObject>().Select(m =>
        {
            var role = (string?)m["role"] ?? string.Empty;
            var content = m["content"] switch
            {
                JsonValue value when value.TryGetValue(out string? text) => text,
                JsonArray parts => string.Concat(parts.OfType<JsonObject>()
                    .Where(p => (string?)p["type"] == "text")
                    .Select(p => (string?)p["text"])),
                _ => string.Empty,
            };
            return new ModelMessage(role, content ?? string.Empty);
        }).ToArray();
    }

    private static (int Prompt, int Completion) Usage(ModelRequest request, ModelResponse response, string text)
    {
        var prompt = response.PromptTokens
            ?? Math.Max(1, request.Messages.Sum(m => (m.Content.Length / 4) + 4));
        var completion = response.CompletionTokens ?? Math.Max(1, text.Length / 4);
        return (prompt, completion);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static JsonObject UsageJson(int prompt, int completion) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
    };

    private void Map(WebApplication app) => app.Run(HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (context.Request.Method == HttpMethods.Post && path.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            await HandleEmbeddingsAsync(context, path);
            return;
        }

        if (context.Request.Method != HttpMethods.Post
            || !path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 404, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = "404", ["message"] = "Resource not found (test double)." },
            });
            return;
        }

        string rawBody;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            rawBody = await reader.ReadToEndAsync(context.RequestAborted);
        }

        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(rawBody) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var deploymentIndex = Array.IndexOf(segments, "deployments");
        var request = new ModelRequest
        {
            Path = path,
            Deployment = deploymentIndex >= 0 && deploymentIndex + 1 < segments.Length
                ? Uri.UnescapeDataString(segments[deploymentIndex + 1]) : null,
            ApiVersion = context.Request.Query["api-version"].FirstOrDefault(),
            Model = (string?)body?["model"],
            Stream = body?["stream"] is JsonValue s && s.TryGetValue(out bool stream) && stream,
            IncludeUsage = body?["stream_options"]?["include_usage"] is JsonValue u && u.TryGetValue(out bool usage) && usage,
            MaxTokens = (int?)(body?["max_completion_tokens"] ?? body?["max_tokens"]),
            Messages = ReadMessages(body),
            ApiKey = context.Request.Headers["api-key"].FirstOrDefault(),
            Authorization = context.Request.Headers.Authorization.FirstOrDefault(),
            Headers = context.Request.Headers.ToDictionary(
                h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body,
            RawBody = rawBody,
            ReceivedAt = DateTimeOffset.UtcNow,
        };

        ModelResponse response;
        if (RequiredApiKey is { } key && request.ApiKey != key && request.Authorization != "Bearer " + key)
        {
            response = ModelResponse.Unauthorized();
        }
        else
        {
            lock (_gate)
            {
                response = _script.Count > 0 ? _script.Dequeue() : DefaultResponse;
            }
        }

        if (body is null && response.StatusCode == 200)
        {
            response = ModelResponse.Status(400);
        }

        var recorded = request with { ResponseStatus = response.StatusCode };
        Record(recorded);
        if (TakeHold(recorded) is { } hold && !await hold.HoldAsync(recorded, context.RequestAborted))
        {
            return; // The caller went away while the answer was held.
        }

        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The client gave up (timeout or cancellation): nothing to answer.
            }
        }

        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.Headers["x-request-id"] = Guid.NewGuid().ToString();
        if (response.StatusCode != 200)
        {
            await WriteJsonAsync(context, response.StatusCode, response.ErrorBody ?? new JsonObject());
            return;
        }

        var text = response.Text ?? EchoAnswer(request.LastUserMessage);
        var model = request.Model ?? request.Deployment ?? "gpt-4o";
        var id = "chatcmpl-test" + Interlocked.Increment(ref _completionCounter).ToString(CultureInfo.InvariantCulture);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (prompt, completion) = Usage(request, response, text);

        if (!request.Stream)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = text, ["refusal"] = null };
            await WriteJsonAsync(context, 200, new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = model,
                ["system_fingerprint"] = "fp_test",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = message,
                    ["logprobs"] = null,
                    ["finish_reason"] = response.FinishReason,
                }),
                ["usage"] = UsageJson(prompt, completion),
            });
            return;
        }

        await StreamAsync(context, request, response, text, model, id, created, (prompt, completion));
    }

    private static async Task StreamAsync(
        HttpContext context,
        ModelRequest request,
        ModelResponse response,
        string text,
        string model,
        string id,
        long created,
        (int Prompt, int Completion) usage)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var aborted = context.RequestAborted;

        JsonObject Chunk(JsonObject? delta, string? finishReason) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_test",
            ["choices"] = delta is null
                ? new JsonArray()
                : new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = delta,
                    ["logprobs"] = null,
                    ["finish_reason"] = finishReason,
                }),
        };

        async Task SendAsync(JsonNode chunk)
        {
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", aborted);
            await context.Response.Body.FlushAsync(aborted);
        }

        try
        {
            if (request.Deployment is not null)
            {
                // Azure OpenAI sends the prompt filter results first, in a chunk without choices.
                var first = Chunk(null, null);
                first["prompt_filter_results"] = new JsonArray(new JsonObject
                {
                    ["prompt_index"] = 0,
                    ["content_filter_results"] = new JsonObject(),
                });
                await SendAsync(first);
            }

            await SendAsync(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null));
            var pieces = response.Chunks
                ?? Enumerable.Range(0, (text.Length + response.ChunkSize - 1) / response.ChunkSize)
                    .Select(i => text.Substring(i * response.ChunkSize, Math.Min(response.ChunkSize, text.Length - (i * response.ChunkSize))))
                    .ToArray();
            foreach (var piece in pieces)
            {
                if (response.ChunkDelay > TimeSpan.Zero)
                {
                    await Task.Delay(response.ChunkDelay, aborted);
                }

                await SendAsync(Chunk(new JsonObject { ["content"] = piece }, null));
            }

            await SendAsync(Chunk(new JsonObject(), response.FinishReason));
            if (request.IncludeUsage)
            {
                var usageChunk = Chunk(null, null);
                usageChunk["usage"] = UsageJson(usage.Prompt, usage.Completion);
                await SendAsync(usageChunk);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
            await context.Response.Body.FlushAsync(aborted);
        }
        catch (OperationCanceledException)
        {
            // The client stopped reading.
        }
    }

    private HeldRequest<ModelRequest>? TakeHold(ModelRequest request)
    {
        lock (_gate)
        {
            var hold = _holds.FirstOrDefault(h => h.Which(request));
            if (hold is not null)
            {
                _holds.Remove(hold);
            }

            return hold;
        }
    }

    private void Record(ModelRequest request) => _requests.Add(request);

    /// <summary>OpenAI's embeddings response: <c>data[i].embedding</c> as floats, or base64 float32 when asked.</summary>
    private async Task HandleEmbeddingsAsync(HttpContext context, string path)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        string[] inputs = body?["input"] switch
        {
            JsonArray array => array.Select(i => (string?)i ?? string.Empty).ToArray(),
            JsonValue value when value.TryGetValue(out string? one) => [one],
            _ => [],
        };
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var deploymentIndex = Array.IndexOf(segments, "deployments");
        string? format = (string?)body?["encoding_format"];
        var request = new EmbeddingRequest(path, (string?)body?["model"],
            deploymentIndex >= 0 && deploymentIndex + 1 < segments.Length ? segments[deploymentIndex + 1] : null, format,
            inputs, context.Request.Headers["api-key"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault());
        _embeddingRequests.Add(request);
        if (RequiredApiKey is { } key && request.ApiKey != key && request.Authorization != "Bearer " + key)
        {
            await WriteJsonAsync(context, 401, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = "401", ["message"] = "Access denied (test double)." },
            });
            return;
        }

        if (EmbeddingFailureStatus is { } status)
        {
            await WriteJsonAsync(context, status, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = status.ToString(CultureInfo.InvariantCulture), ["message"] = "Failure (test double)." },
            });
            return;
        }

        var data = new JsonArray();
        int tokens = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            float[] vector = EmbeddingOf(inputs[i]);
            tokens += inputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            JsonNode embedding = format == "base64"
                ? JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request.Model ?? request.Deployment ?? "embeddings-double",
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }
}
