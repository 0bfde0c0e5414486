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

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
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

        return Task.FromResult(responses.ToArray());
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
}
