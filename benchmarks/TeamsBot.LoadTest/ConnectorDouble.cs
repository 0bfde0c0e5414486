using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TeamsBot.LoadTest;

/// <summary>
/// The Bot Connector on 127.0.0.1: accepts POST (send, reply) and PUT (update) of activities under
/// <c>/v3/conversations/{id}/activities[/{activityId}]</c>, stamps their arrival and hands them to the conversation's
/// <see cref="ConversationProbe"/>. A final answer is a message that is not a stream chunk. It takes every call, and
/// counts those Teams would have refused for its per-conversation limits (<see cref="TeamsThreadLimits"/>): refusing
/// them would stall a closed-loop conversation of a bot that does not retry.
/// </summary>
internal sealed class ConnectorDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConversationProbe> _probes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _overLimits = new(StringComparer.Ordinal);
    private readonly TeamsThreadLimits _limits = new();
    private WebApplication? _app;
    private long _nextId;
    private int _stray;
    private int _unknownRoutes;

    public Uri ServiceUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Activities for conversations no probe watches.</summary>
    public int Stray => Volatile.Read(ref _stray);

    /// <summary>Requests to anything but the activity routes (answered 404).</summary>
    public int UnknownRoutes => Volatile.Read(ref _unknownRoutes);

    /// <summary>How many of each kind of call arrived ("POST typing informative", "PUT message -", …).</summary>
    public IReadOnlyDictionary<string, int> Operations => _operations;

    /// <summary>Of <see cref="Operations"/>, those over Teams' per-conversation limits, by the same kinds.</summary>
    public IReadOnlyDictionary<string, int> OverLimits => _overLimits;

    /// <summary>All calls so far, the typing indicators among them, and those over Teams' per-conversation limits.</summary>
    public (long All, long Typing, long OverLimits) CallCounts()
    {
        long all = 0, typing = 0;
        foreach (var (kind, count) in _operations)
        {
            all += count;
            typing += kind.Contains(" typing ", StringComparison.Ordinal) ? count : 0;
        }

        return (all, typing, _overLimits.Values.Sum(count => (long)count));
    }

    public static async Task<ConnectorDouble> StartAsync()
    {
        var connector = new ConnectorDouble();
        (connector._app, connector.ServiceUrl) = await LoopbackServer.StartAsync(connector.HandleAsync);
        return connector;
    }

    public void Watch(ConversationProbe probe) => _probes[probe.ConversationId] = probe;

    public void Forget(string conversationId) => _probes.TryRemove(conversationId, out _);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Whether an activity is a final answer: a message that is not an informative or streaming update.</summary>
    public static bool IsFinalAnswer(JsonElement activity) =>
        activity.TryGetProperty("type", out var type) && type.GetString() == "message"
        && StreamType(activity) is null or "final";

    private static string? StreamType(JsonElement activity)
    {
        if (activity.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array)
        {
            foreach (var entity in entities.EnumerateArray())
            {
                if (entity.TryGetProperty("type", out var t) && t.GetString() == "streaminfo"
                    && entity.TryGetProperty("streamType", out var streamType))
                {
                    return streamType.GetString();
                }
            }
        }

        return null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        long arrivedAt = Stopwatch.GetTimestamp();
        string[] segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        bool post = HttpMethods.IsPost(context.Request.Method);
        bool put = HttpMethods.IsPut(context.Request.Method);
        bool activityRoute = segments.Length is 4 or 5 && segments[0] == "v3" && segments[1] == "conversations"
            && segments[3] == "activities" && (post || (put && segments.Length == 5));
        if (!activityRoute)
        {
            Interlocked.Increment(ref _unknownRoutes);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        string conversationId = Uri.UnescapeDataString(segments[2]);
        bool over = _limits.CountIsOver(conversationId);
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        bool final;
        using (var activity = JsonDocument.Parse(body))
        {
            var root = activity.RootElement;
            final = IsFinalAnswer(root);
            string kind = context.Request.Method + " "
                + (root.TryGetProperty("type", out var type) ? type.GetString() : "?") + " " + (StreamType(root) ?? "-");
            _operations.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (over)
            {
                _overLimits.AddOrUpdate(kind, 1, (_, n) => n + 1);
            }
        }

        if (_probes.TryGetValue(conversationId, out var probe))
        {
            probe.OnActivity(arrivedAt, final ? AnswerLedger.AnsweredSequence(body) : null);
        }
        else
        {
            Interlocked.Increment(ref _stray);
        }

        string id = put ? segments[4] : Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = put ? StatusCodes.Status200OK : StatusCodes.Status201Created;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync("{\"id\":" + JsonSerializer.Serialize(id) + "}", context.RequestAborted);
    }
}
