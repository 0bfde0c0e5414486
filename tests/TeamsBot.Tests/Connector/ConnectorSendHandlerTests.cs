using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using TeamsBot.Connector;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Connector;

/// <summary>
/// The handler under the Bot Framework's own ConnectorClient, over real HTTP to the connector double on 127.0.0.1.
/// Waits run on a fake clock: each test reads what the handler decided to wait from the timers it created.
/// </summary>
public sealed class ConnectorSendHandlerTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Released = TimeSpan.FromSeconds(30);

    private readonly RecordingTimeProvider _time = new();
    private readonly RecordingLogger<ConnectorSendHandler> _log = new();
    private ConnectorDouble _connector = null!;
    private ConversationSendPacer _pacer = null!;
    private HttpClient _http = null!;
    private ConnectorClient _client = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorDouble.StartAsync(CancellationToken.None);
        _pacer = new ConversationSendPacer(_time);
        var handler = new ConnectorSendHandler(_pacer, Options.Create(new ConnectorOptions()),
            _time, _log)
        {
            InnerHandler = new SocketsHttpHandler(),
            // Half of each ceiling: 0.5 s, 1 s, 2 s, …
            Jitter = () => 0.5,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client = new ConnectorClient(_connector.ServiceUrl, MicrosoftAppCredentials.Empty, _http, false);
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose()
    {
        _client?.Dispose();
        _http?.Dispose();
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter2_WaitsTwoSecondsAndDeliversOnce()
    {
        _connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromSeconds(2)));

        var send = _client.Conversations.SendToConversationAsync("a:1x", Message("hello"));
        var wait = await _time.WaitForTimerAsync(0, Released, CancellationToken.None);
        var sentBeforeTheWait = _connector.Requests.Count;
        _time.Advance(wait);
        var resource = await send.WaitAsync(Released);

        Assert.Equal(TimeSpan.FromSeconds(2), wait);
        Assert.Equal(1, sentBeforeTheWait);
        Assert.Equal([429, 201], _connector.Requests.Select(r => r.ResponseStatus));
        var accepted = Assert.Single(_connector.AcceptedActivities);
        Assert.Equal(accepted.ResponseId, resource.Id);
        Assert.Equal(_connector.Requests[0].Body, accepted.Body);
    }

    [Fact]
    public async Task SendAsync_429ThenAccepted_OneSpanWithTwoAttemptsARetryEventAndTheRetryCounted()
    {
        var spans = new List<System.Diagnostics.Activity>();
        using var spanListener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "TeamsBot",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(spanListener);
        long retries = 0;
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "TeamsBot" && instrument.Name == "teamsbot.connector.retries")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "http.response.status_code" && Equals(tag.Value, 429))
                {
                    Interlocked.Add(ref retries, value);
                }
            }
        });
        meterListener.Start();
        using var parent = new System.Diagnostics.Activity("test").Start();
        _connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromSeconds(2)));

        var send = _client.Conversations.SendToConversationAsync("a:1x", Message("hello"));
        _time.Advance(await _time.WaitForTimerAsync(0, Released, CancellationToken.None));
        await send.WaitAsync(Released);

        System.Diagnostics.Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => s.TraceId == parent.TraceId && s.DisplayName == "connector POST");
        }

        Assert.Equal(2, span.GetTagItem("teamsbot.connector.attempts"));
        var retry = Assert.Single(span.Events);
        Assert.Equal("retry", retry.Name);
        Assert.Contains(retry.Tags, t => t.Key == "http.response.status_code" && Equals(t.Value, 429));
        Assert.True(Interlocked.Read(ref retries) >= 1);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task SendAsync_TransientStatus_RetriedAfterABackoff(int status)
    {
        _connector.FailNext(new ConnectorFailure { StatusCode = status });

        var timersBefore = _time.Timers.Count;
        var reply = _client.Conversations.ReplyToActivityAsync(
            "19:abc@thread.tacv2;messageid=1712000000123", "1712000000123", Message("in the thread"));
        var waits = await _time.AdvanceUntilDoneAsync(reply, timersBefore, Released);
        await reply.WaitAsync(Released);

        Assert.Equal([TimeSpan.FromMilliseconds(500)], waits);
        Assert.Equal([status, 201], _connector.Requests.Select(r => r.ResponseStatus));
        Assert.Equal("in the thread", Assert.Single(_connector.AcceptedActivities).Text);
    }

    [Fact]
    public async Task UpdateActivityAsync_412_Retried()
    {
        _connector.FailNext(ConnectorFailure.PreconditionFailed());
        var update = Message("edited");
        update.Id = "1700000000005";
        update.Conversation = new ConversationAccount(id: "a:1x");

        var timersBefore = _time.Timers.Count;
        var sent = _client.Conversations.UpdateActivityAsync("a:1x", "1700000000005", update);
        await _time.AdvanceUntilDoneAsync(sent, timersBefore, Released);
        await sent.WaitAsync(Released);

        Assert.Equal(["PUT", "PUT"], _connector.Requests.Select(r => r.Method));
        Assert.Equal([412, 200], _connector.Requests.Select(r => r.ResponseStatus));
    }

    [Theory]
    [InlineData(400, "BadArgument")]
    [InlineData(403, "ContentStreamNotAllowed")]
    [InlineData(404, "ConversationNotFound")]
    public async Task SendAsync_ClientError_NotRetried(int status, string code)
    {
        _connector.FailNext(new ConnectorFailure { StatusCode = status, ErrorCode = code });

        var error = await Assert.ThrowsAsync<ErrorResponseException>(
            () => _client.Conversations.SendToConversationAsync("a:1x", Message("refused")).WaitAsync(Released));

        Assert.Equal(status, (int)error.Response.StatusCode);
        Assert.Single(_connector.Requests);
        Assert.Empty(_time.Timers);
    }

    [Fact]
    public async Task SendAsync_StillFailingAfterMaxAttempts_GivesUpWithTheLastError()
    {
        _connector.FailNext(ConnectorFailure.BadGateway(times: 10));

        var timersBefore = _time.Timers.Count;
        var send = _client.Conversations.SendToConversationAsync("a:1x", Message("persistent"));
        var waits = await _time.AdvanceUntilDoneAsync(send, timersBefore, Released);
        var error = await Assert.ThrowsAsync<ErrorResponseException>(() => send.WaitAsync(Released));

        Assert.Equal(HttpStatusCode.BadGateway, error.Response.StatusCode);
        Assert.Equal([0.5, 1, 2], waits.Select(w => w.TotalSeconds));
        Assert.Equal(4, _connector.Requests.Count);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 1703);
    }

    [Fact]
    public async Task SendAsync_RetryAfterAboveTheMaximum_NotRetriedAndTheErrorSurfaces()
    {
        _connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromMinutes(2)));

        var error = await Assert.ThrowsAsync<ErrorResponseException>(
            () => _client.Conversations.SendToConversationAsync("a:1x", Message("later")).WaitAsync(Released));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Response.StatusCode);
        Assert.Single(_connector.Requests);
        Assert.Empty(_time.Timers);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 1702 && e.Message.Contains("120 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_RetryAfterAsHttpDate_WaitsUntilThatTime()
    {
        var at = _time.GetUtcNow().AddSeconds(5).ToString("r", CultureInfo.InvariantCulture);
        _connector.FailNext(new ConnectorFailure { StatusCode = 429, Headers = new Dictionary<string, string> { ["Retry-After"] = at } });

        var timersBefore = _time.Timers.Count;
        var send = _client.Conversations.SendToConversationAsync("a:1x", Message("dated"));
        var waits = await _time.AdvanceUntilDoneAsync(send, timersBefore, Released);
        await send.WaitAsync(Released);

        Assert.Equal([TimeSpan.FromSeconds(5)], waits);
    }

    [Fact]
    public async Task SendAsync_RetryAfterMs_Honoured()
    {
        _connector.FailNext(new ConnectorFailure
        {
            StatusCode = 429,
            Headers = new Dictionary<string, string> { ["retry-after-ms"] = "1500" },
        });

        var timersBefore = _time.Timers.Count;
        var send = _client.Conversations.SendToConversationAsync("a:1x", Message("soon"));
        var waits = await _time.AdvanceUntilDoneAsync(send, timersBefore, Released);
        await send.WaitAsync(Released);

        Assert.Equal([TimeSpan.FromMilliseconds(1500)], waits);
    }

    [Fact]
    public async Task SendAsync_InsideSuppressScope_TriedOnceAndTheErrorSurfaces()
    {
        _connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromSeconds(1)));

        ErrorResponseException error;
        using (ConnectorRetry.Suppress())
        {
            error = await Assert.ThrowsAsync<ErrorResponseException>(
                () => _client.Conversations.SendToConversationAsync("a:1x", Message("stream chunk")).WaitAsync(Released));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Response.StatusCode);
        Assert.Single(_connector.Requests);
        Assert.Empty(_time.Timers);
        Assert.DoesNotContain(_log.Entries, e => e.EventId.Id == 1701);
    }

    [Fact]
    public async Task SendAsync_InsideSuppressScope_WindowFull_429LocallyNothingSentAndTheAnswerWaitsForTheWindow()
    {
        // The seven sends Teams allows per second.
        for (var i = 0; i < 7; i++)
        {
            await _client.Conversations.SendToConversationAsync("a:1x", Message("burst " + i)).WaitAsync(Released);
        }

        ErrorResponseException refused;
        using (ConnectorRetry.Suppress())
        {
            refused = await Assert.ThrowsAsync<ErrorResponseException>(
                () => _client.Conversations.SendToConversationAsync("a:1x", Message("typing")).WaitAsync(Released));
        }

        int sentAfterTheTyping = _connector.Requests.Count;
        var timersBefore = _time.Timers.Count;
        var answer = _client.Conversations.SendToConversationAsync("a:1x", Message("answer"));
        var waits = await _time.AdvanceUntilDoneAsync(answer, timersBefore, Released);
        await answer.WaitAsync(Released);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Response.StatusCode);
        Assert.Equal(7, sentAfterTheTyping);
        Assert.Equal(8, _connector.AcceptedActivities.Count);
        Assert.Equal([TimeSpan.FromSeconds(1) + ConversationSendPacer.ArrivalMargin], waits);
    }

    [Fact]
    public async Task SendAsync_InsideScopeWithSlotTaken_SentAndNotCountedAgain()
    {
        Assert.True(_pacer.TryTakeOptionalSlot("a:1x"));
        using (ConnectorRetry.Suppress(slotTaken: true))
        {
            await _client.Conversations.SendToConversationAsync("a:1x", Message("typing")).WaitAsync(Released);
        }

        Assert.Single(_connector.AcceptedActivities);
        Assert.Single(_pacer.SendTimesOf("a:1x"));
    }

    [Fact]
    public async Task SendAsync_Retry_PacedLikeAnyOtherSend()
    {
        for (var i = 0; i < 6; i++)
        {
            await _client.Conversations.SendToConversationAsync("a:1x", Message("burst " + i)).WaitAsync(Released);
        }

        _connector.FailNext(ConnectorFailure.PreconditionFailed());

        var timersBefore = _time.Timers.Count;
        var seventh = _client.Conversations.SendToConversationAsync("a:1x", Message("seventh"));
        var waits = await _time.AdvanceUntilDoneAsync(seventh, timersBefore, Released);
        await seventh.WaitAsync(Released);

        // Backoff 0.5 s, then the pacer holds the retry (the eighth send) until the one-second window and its margin
        // free.
        var windowFrees = TimeSpan.FromMilliseconds(500) + ConversationSendPacer.ArrivalMargin;
        Assert.Equal([TimeSpan.FromMilliseconds(500), windowFrees], waits);
        Assert.Equal(7, _connector.AcceptedActivities.Count);
    }

    [Fact]
    public async Task SendAsync_Retry_LogsStatusAttemptAndDelayButNeverTheMessage()
    {
        var secret = "quarterly numbers " + Guid.NewGuid().ToString("N");
        _connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromSeconds(3)));

        var timersBefore = _time.Timers.Count;
        var send = _client.Conversations.SendToConversationAsync("a:1x", Message(secret));
        await _time.AdvanceUntilDoneAsync(send, timersBefore, Released);
        await send.WaitAsync(Released);

        var retry = Assert.Single(_log.Entries, e => e.EventId.Id == 1701);
        Assert.Equal("Bot Connector answered 429; retry 1 of 3 in 3000 ms", retry.Message);
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("quarterly", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("POST", "botframework.com/oauth2/v2.0/token")]
    [InlineData("GET", "v1/.well-known/openidconfiguration")]
    [InlineData("GET", "v3/conversations/a%3A1x/members")]
    [InlineData("POST", "v3/conversations")]
    public async Task SendAsync_OtherCall_PassedThroughWithoutRetry(string method, string path)
    {
        _connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromSeconds(1)) with { When = _ => true });
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_connector.ServiceUrl, path));
        if (method == "POST")
        {
            request.Content = new StringContent("grant_type=client_credentials");
        }

        using var response = await _http.SendAsync(request).WaitAsync(Released);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Single(_connector.Requests);
        Assert.Empty(_time.Timers);
    }

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };
}
