using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamsBot.LoadTest;

/// <summary>
/// OpenAI-compatible chat completions on 127.0.0.1 (<c>POST …/chat/completions</c>, JSON or SSE streaming) that
/// answers "Echo: " + the last user message after <see cref="Delay"/> (zero by default).
/// </summary>
internal sealed class ModelDouble : IAsyncDisposable
{
    private WebApplication? _app;
    private long _requests;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>What the bot is configured with: the OpenAI SDK appends <c>/chat/completions</c>.</summary>
    public Uri OpenAIEndpoint => new(BaseAddress, "v1");

    public TimeSpan Delay { get; set; }

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<ModelDouble> StartAsync()
    {
        var model = new ModelDouble();
        (model._app, model.BaseAddress) = await LoopbackServer.StartAsync(model.HandleAsync);
        return model;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static string LastUserMessage(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        string last = string.Empty;
        foreach (var message in messages.EnumerateArray())
        {
            if (!message.TryGetProperty("role", out var role) || role.GetString() != "user"
                || !message.TryGetProperty("content", out var content))
            {
                continue;
            }

            last = content.ValueKind switch
            {
                JsonValueKind.String => content.GetString() ?? string.Empty,
                JsonValueKind.Array => string.Concat(content.EnumerateArray()
                    .Where(p => p.TryGetProperty("text", out _))
                    .Select(p => p.GetProperty("text").GetString())),
                _ => string.Empty,
            };
        }

        return last;
    }

    private static JsonObject Chunk(string id, long created, JsonObject? delta, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = "bench-model",
        ["choices"] = delta is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.Request.Path.Value?.EndsWith("/chat/completions", StringComparison.Ordinal) != true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = request.RootElement;
        bool stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        bool includeUsage = root.TryGetProperty("stream_options", out var so)
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        string prompt = LastUserMessage(root);
        Interlocked.Increment(ref _requests);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        string answer = "Echo: " + prompt;
        string id = "chatcmpl-bench" + Requests.ToString(CultureInfo.InvariantCulture);
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int promptTokens = Math.Max(1, (int)(context.Request.ContentLength ?? 4) / 4);
        var usage = new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = Math.Max(1, answer.Length / 4),
            ["total_tokens"] = promptTokens + Math.Max(1, answer.Length / 4),
        };

        if (!stream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = "bench-model",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = usage,
            }.ToJsonString(), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var events = new StringBuilder();
        void Event(JsonNode chunk) => events.Append("data: ").Append(chunk.ToJsonString()).Append("\n\n");
        Event(Chunk(id, created, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null));
        // A few pieces, as a real server streams tokens; zero latency between them.
        const int piece = 256;
        for (int at = 0; at < answer.Length; at += piece)
        {
            Event(Chunk(id, created, new JsonObject { ["content"] = answer.Substring(at, Math.Min(piece, answer.Length - at)) }, null));
        }

        Event(Chunk(id, created, new JsonObject(), "stop"));
        if (includeUsage)
        {
            var last = Chunk(id, created, null, null);
            last["usage"] = usage;
            Event(last);
        }

        events.Append("data: [DONE]\n\n");
        await context.Response.WriteAsync(events.ToString(), context.RequestAborted);
    }
}
