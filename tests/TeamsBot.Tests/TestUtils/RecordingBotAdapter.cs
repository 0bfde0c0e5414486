using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// A Bot Framework adapter that records what a turn sends (as the JSON that would go over the wire) and answers
/// like the Bot Connector: an id per message, or a scripted error response.
/// </summary>
public sealed class RecordingBotAdapter : BotAdapter
{
    private readonly object _gate = new();
    private readonly List<Activity> _sent = [];
    private readonly List<(Func<Activity, bool> When, HttpStatusCode Status, TimeSpan? RetryAfter)> _failures = [];
    private readonly List<(Func<Activity, bool> When, HeldSend Held)> _holds = [];
    private int _nextId;

    public IReadOnlyList<Activity> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The next send matching <paramref name="when"/> fails with this status (once).</summary>
    public void FailNext(Func<Activity, bool> when, HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _failures.Add((when, status, retryAfter));
        }
    }

    /// <summary>
    /// The next send matching <paramref name="when"/> waits, like a slow Bot Connector, until released; cancelled
    /// while it waits, it throws and records nothing, as a request cut off in flight.
    /// </summary>
    public HeldSend HoldNext(Func<Activity, bool> when)
    {
        var held = new HeldSend();
        lock (_gate)
        {
            _holds.Add((when, held));
        }

        return held;
    }

    public ITurnContext NewTurn(string conversationType = "personal") => new TurnContext(this, new Activity
    {
        Type = ActivityTypes.Message,
        Id = "incoming-1",
        ChannelId = "msteams",
        ServiceUrl = "https://connector.invalid/",
        Conversation = new ConversationAccount(id: "conversation-1", conversationType: conversationType),
        From = new ChannelAccount("29:user", "Ann Example"),
        Recipient = new ChannelAccount("28:bot", "TeamsBot"),
    });

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext,
        Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        HeldSend? held = null;
        lock (_gate)
        {
            int hold = _holds.FindIndex(h => activities.Any(h.When));
            if (hold >= 0)
            {
                held = _holds[hold].Held;
                _holds.RemoveAt(hold);
            }
        }

        if (held is not null)
        {
            await held.WaitAsync(cancellationToken);
        }

        var responses = new List<ResourceResponse>();
        lock (_gate)
        {
            foreach (var activity in activities)
            {
                int failure = _failures.FindIndex(f => f.When(activity));
                if (failure >= 0)
                {
                    var (_, status, retryAfter) = _failures[failure];
                    _failures.RemoveAt(failure);
                    throw ErrorResponse(status, retryAfter);
                }

                // A copy as serialized, so later changes by the sender do not rewrite history.
                _sent.Add(JsonConvert.DeserializeObject<Activity>(JsonConvert.SerializeObject(activity))!);
                responses.Add(new ResourceResponse("m" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return [.. responses];
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity,
        CancellationToken cancellationToken) => throw new NotSupportedException("The bot never updates messages.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference,
        CancellationToken cancellationToken) => throw new NotSupportedException("The bot never deletes messages.");

    private static ErrorResponseException ErrorResponse(HttpStatusCode status, TimeSpan? retryAfter)
    {
        using var response = new HttpResponseMessage(status);
        if (retryAfter is { } after)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        }

        return new ErrorResponseException($"Operation returned an invalid status code '{status}'")
        {
            Response = new HttpResponseMessageWrapper(response, "{\"error\":{\"code\":\"ScriptedFailure\"}}"),
        };
    }

    /// <summary>A send held by <see cref="HoldNext"/>: started when it reached the adapter, ends when released.</summary>
    public sealed class HeldSend
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _released.TrySetResult();

        internal async Task WaitAsync(CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }
}
