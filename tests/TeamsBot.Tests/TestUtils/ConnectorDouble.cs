using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Double of the Bot Connector REST API (the service URL the bot calls back), on 127.0.0.1. Records every request
/// with its Authorization header, answers like Teams (<c>201 {"id":…}</c>), and fails on script. It can also hold a
/// send without answering (<see cref="HoldNext"/>) and go away and come back on the same address (<see cref="GoDownAsync"/>,
/// <see cref="ComeBackAsync"/>), as the real service does in an outage.
/// </summary>
public sealed class ConnectorDouble : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly WaitableLog<ConnectorRequest> _requests = new();
    private readonly List<ConnectorFailure> _failures = [];
    private readonly List<HeldRequest<ConnectorRequest>> _holds = [];
    private readonly ConcurrentDictionary<string, JsonObject> _members = new(StringComparer.OrdinalIgnoreCase);
    private WebApplication? _app;
    private TestCertificateAuthority? _tls;
    private long _nextId = 1_700_000_000_000;

    private ConnectorDouble()
    {
        ServiceUrl = new Uri("http://127.0.0.1/");
    }

    /// <summary>Base address to put in <c>activity.serviceUrl</c> (ends with a slash).</summary>
    public Uri ServiceUrl { get; private set; }

    /// <summary>
    /// When set, requests whose Authorization header fails this check get 401 (recorded too).
    /// Typically <c>openId.IsIssuedBearer</c>.
    /// </summary>
    public Func<string?, bool>? AuthorizationCheck { get; set; }

    public IReadOnlyList<ConnectorRequest> Requests => _requests.Snapshot();

    /// <summary>Sends, replies and updates the double accepted (2xx), in arrival order.</summary>
    public IReadOnlyList<ConnectorRequest> AcceptedActivities =>
        Requests.Where(r => r.IsActivityWrite && r.Succeeded).ToArray();

    public static Task<ConnectorDouble> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(null, cancellationToken);

    /// <summary>Starts the double; with <paramref name="tls"/> it serves HTTPS with the test CA's certificate.</summary>
    public static async Task<ConnectorDouble> StartAsync(TestCertificateAuthority? tls, CancellationToken cancellationToken)
    {
        var connector = new ConnectorDouble();
        var (app, baseAddress) = await LoopbackHost.StartAsync(
            connector.Map, tls?.ServerCertificate, cancellationToken);
        connector._app = app;
        connector._tls = tls;
        connector.ServiceUrl = baseAddress;
        return connector;
    }

    /// <summary>
    /// Stops listening: the bot's connections are refused (nothing listens on <see cref="ServiceUrl"/>'s port), as when
    /// the service is down. <see cref="ComeBackAsync"/> listens on the same port again.
    /// </summary>
    public async Task GoDownAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await LoopbackHost.StopAsync(app);
        }
    }

    /// <summary>Listens again on the same address after <see cref="GoDownAsync"/>; recorded requests are kept.</summary>
    public async Task ComeBackAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            return;
        }

        var (app, _) = await LoopbackHost.StartAsync(Map, _tls?.ServerCertificate, cancellationToken, ServiceUrl.Port);
        _app = app;
    }

    /// <summary>
    /// Holds the next send or reply that matches: it is taken (recorded as accepted, as Teams posts a message once it
    /// has the request) but not answered until <see cref="HeldRequest{TRequest}.Release"/>, so the caller never learns
    /// that it was taken if it dies meanwhile.
    /// </summary>
    public HeldRequest<ConnectorRequest> HoldNext(Func<ConnectorRequest, bool> which)
    {
        ArgumentNullException.ThrowIfNull(which);
        var hold = new HeldRequest<ConnectorRequest>(which);
        lock (_gate)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    /// <summary>Queues a scripted failure; failures are consumed in the order they were added.</summary>
    public void FailNext(ConnectorFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            _failures.Add(failure);
        }
    }

    public void ClearFailures()
    {
        lock (_gate)
        {
            _failures.Clear();
        }
    }

    /// <summary>Forgets recorded requests (failures and members stay).</summary>
    public void ClearRequests()
    {
        _requests.Clear();
    }

    /// <summary>Registers a member returned by GET …/members/{id} (a TeamsChannelAccount: id, name, aadObjectId, …).</summary>
    public void AddMember(JsonObject member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var id = (string?)member["id"] ?? throw new ArgumentException("A member needs an id.", nameof(member));
        _members[id] = member;
    }

    /// <summary>Waits for an accepted send/reply/update that matches, including ones that already arrived.</summary>
    public Task<ConnectorRequest> WaitForActivityAsync(
        Func<ConnectorRequest, bool> predicate,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return WaitForRequestAsync(r => r.IsActivityWrite && r.Succeeded && predicate(r), timeout, cancellationToken);
    }

    /// <summary>Waits for any recorded request (failed ones included) that matches.</summary>
    public async Task<ConnectorRequest> WaitForRequestAsync(
        Func<ConnectorRequest, bool> predicate,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var matches = await WaitForRequestsAsync(predicate, 1, timeout, cancellationToken);
        return matches[0];
    }

    /// <summary>Waits until at least <paramref name="count"/> recorded requests match; returns them all.</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> WaitForRequestsAsync(
        Func<ConnectorRequest, bool> predicate,
        int count,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        return await _requests.WaitAsync(predicate, count, timeout,
            seen => $"The connector double saw {seen} of {count} matching request(s) within {timeout}. "
                + "Received: " + Describe(Requests), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await LoopbackHost.StopAsync(_app);
        }
    }

    private static string Describe(IEnumerable<ConnectorRequest> requests)
    {
        var lines = requests.Select(r => string.Create(
            CultureInfo.InvariantCulture,
            $"{r.Method} {r.RawTarget} -> {r.ResponseStatus} type={r.ActivityType} stream={r.StreamType}"));
        var text = string.Join("; ", lines);
        return text.Length == 0 ? "(nothing)" : text;
    }

    private static (ConnectorOperation Operation, string? ConversationId, string? ActivityId, string? MemberId) Route(
        string method, string rawTarget)
    {
        var path = rawTarget.Split('?', 2)[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var v3 = Array.IndexOf(segments, "v3");
        if (v3 < 0 || segments.Length <= v3 + 1 || segments[v3 + 1] != "conversations")
        {
            return (ConnectorOperation.Other, null, null, null);
        }

        var rest = segments[(v3 + 2)..].Select(Uri.UnescapeDataString).ToArray();
        return (method, rest) switch
        {
            ("POST", []) => (ConnectorOperation.CreateConversation, null, null, null),
            ("POST", [var c, "activities"]) => (ConnectorOperation.SendToConversation, c, null, null),
            ("POST", [var c, "activities", var a]) => (ConnectorOperation.ReplyToActivity, c, a, null),
            ("PUT", [var c, "activities", var a]) => (ConnectorOperation.UpdateActivity, c, a, null),
            ("DELETE", [var c, "activities", var a]) => (ConnectorOperation.DeleteActivity, c, a, null),
            ("GET", [var c, "members"]) => (ConnectorOperation.GetMembers, c, null, null),
            ("GET", [var c, "pagedmembers"]) => (ConnectorOperation.GetMembers, c, null, null),
            ("GET", [var c, "members", var m]) => (ConnectorOperation.GetMembers, c, null, m),
            _ => (ConnectorOperation.Other, rest.FirstOrDefault(), null, null),
        };
    }

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private void Map(WebApplication app) => app.Run(HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        var (operation, conversationId, activityId, memberId) = Route(method, rawTarget);

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        JsonObject? activity = null;
        if (body.Length > 0)
        {
            try
            {
                activity = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                activity = null;
            }
        }

        var request = new ConnectorRequest
        {
            Operation = operation,
            Method = method,
            RawTarget = rawTarget,
            ConversationId = conversationId,
            ActivityId = activityId,
            MemberId = memberId,
            Authorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
            Body = body,
            Activity = activity,
            ReceivedAt = DateTimeOffset.UtcNow,
        };

        if (AuthorizationCheck is { } check && !check(request.Authorization))
        {
            Record(request with { ResponseStatus = 401 });
            await WriteJsonAsync(context, 401, Error("Unauthorized", "Authorization has been denied (test double)."));
            return;
        }

        if (TakeFailure(request) is { } failure)
        {
            Record(request with { ResponseStatus = failure.StatusCode });
            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter =
                    ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            foreach (var (name, value) in failure.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await WriteJsonAsync(context, failure.StatusCode, Error(failure.ErrorCode, failure.Message));
            return;
        }

        switch (operation)
        {
            case ConnectorOperation.SendToConversation or ConnectorOperation.ReplyToActivity
                or ConnectorOperation.CreateConversation:
                {
                    var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
                    var taken = request with { ResponseStatus = 201, ResponseId = id };
                    Record(taken);
                    if (TakeHold(taken) is { } hold && !await hold.HoldAsync(taken, context.RequestAborted))
                    {
                        return; // The caller went away before it learnt that the message was taken.
                    }

                    var response = new JsonObject { ["id"] = id };
                    if (operation == ConnectorOperation.CreateConversation)
                    {
                        response["activityId"] = id;
                    }

                    await WriteJsonAsync(context, 201, response);
                    return;
                }

            case ConnectorOperation.UpdateActivity:
                Record(request with { ResponseStatus = 200, ResponseId = activityId });
                await WriteJsonAsync(context, 200, new JsonObject { ["id"] = activityId });
                return;

            case ConnectorOperation.DeleteActivity:
                Record(request with { ResponseStatus = 200 });
                context.Response.StatusCode = 200;
                return;

            case ConnectorOperation.GetMembers:
                await AnswerMembersAsync(context, request, rawTarget);
                return;

            default:
                Record(request with { ResponseStatus = 404 });
                await WriteJsonAsync(context, 404, Error("NotFound", "No such Bot Connector route (test double)."));
                return;
        }
    }

    private async Task AnswerMembersAsync(HttpContext context, ConnectorRequest request, string rawTarget)
    {
        if (request.MemberId is { } memberId)
        {
            if (_members.TryGetValue(memberId, out var member))
            {
                Record(request with { ResponseStatus = 200 });
                await WriteJsonAsync(context, 200, member.DeepClone());
            }
            else
            {
                Record(request with { ResponseStatus = 404 });
                await WriteJsonAsync(context, 404, Error(
                    "MemberNotFoundInConversation", "The member is not part of the conversation (test double)."));
            }

            return;
        }

        var all = new JsonArray(_members.Values.Select(m => (JsonNode?)m.DeepClone()).ToArray());
        Record(request with { ResponseStatus = 200 });
        var paged = rawTarget.Contains("/pagedmembers", StringComparison.Ordinal);
        await WriteJsonAsync(context, 200, paged ? new JsonObject { ["members"] = all } : all);
    }

    private ConnectorFailure? TakeFailure(ConnectorRequest request)
    {
        lock (_gate)
        {
            for (var i = 0; i < _failures.Count; i++)
            {
                var failure = _failures[i];
                var applies = failure.When?.Invoke(request) ?? request.IsActivityWrite;
                if (!applies)
                {
                    continue;
                }

                if (failure.Times <= 1)
                {
                    _failures.RemoveAt(i);
                }
                else if (failure.Times != int.MaxValue)
                {
                    _failures[i] = failure with { Times = failure.Times - 1 };
                }

                return failure;
            }

            return null;
        }
    }

    private HeldRequest<ConnectorRequest>? TakeHold(ConnectorRequest request)
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

    private void Record(ConnectorRequest request) => _requests.Add(request);

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}
