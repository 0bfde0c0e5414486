using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app in Development (anonymous on loopback) with a real model server and Bot Connector double: history,
/// restarts, re-delivery, the fast acknowledgement, and every model failure a user can hit.
/// </summary>
public sealed class ConversationTests : IAsyncLifetime
{
    private const string BotId = "28:teamsbot-dev";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private ModelServerDouble _model = null!;
    private ConnectorDouble _connector = null!;
    private BotProcess _bot = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _connector = await ConnectorDouble.StartAsync(default);
        var options = new BotProcessOptions();
        options.AnsweredBy(_model);
        options.Environment["Model__MaxRetries"] = "0";
        options.Environment["Model__Timeout"] = "00:00:06";
        options.Environment["Model__MaxRetryDelay"] = "00:00:01";
        _bot = await BotProcess.StartAsync(options, default);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Conversation_SecondTurnAndAfterRestart_ModelSeesEarlierTurns()
    {
        string conversation = "a:history-" + Guid.NewGuid().ToString("N");
        await AskAsync("My name is Ann.", conversation);
        await AskAsync("What is my name?", conversation);

        await _bot.RestartAsync(default);
        _model.ClearRequests();
        await AskAsync("And after the restart?", conversation);

        var prompt = Assert.Single(_model.Requests).Messages.Select(m => m.Content).ToList();
        Assert.Equal(["My name is Ann.", "Echo: My name is Ann.", "What is my name?", "Echo: What is my name?", "And after the restart?"],
            prompt.Skip(1));
    }

    [Fact]
    public async Task Redelivery_SameActivityTwice_AnsweredOnce()
    {
        string conversation = "a:redelivery-" + Guid.NewGuid().ToString("N");
        var activity = TeamsActivities.PersonalMessage("only once please", _connector.ServiceUrl, BotId, conversation);

        using (var first = await _bot.PostActivityAsync(activity, null, default))
        using (var again = await _bot.PostActivityAsync(activity, null, default))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        await _connector.WaitForActivityAsync(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0, Wait, default);
        await Task.Delay(1500);

        Assert.Single(_connector.AcceptedActivities, a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0);
        Assert.Single(_model.Requests, r => r.LastUserMessage == "only once please");
    }

    [Fact]
    public async Task Acknowledgement_SlowModel_ReturnsBeforeTheAnswerWithTypingMeanwhile()
    {
        _model.Enqueue(ModelResponse.Slow(TimeSpan.FromSeconds(2.5), "worth the wait"));
        string conversation = "a:slow-" + Guid.NewGuid().ToString("N");
        var activity = TeamsActivities.PersonalMessage("take your time", _connector.ServiceUrl, BotId, conversation);

        var clock = Stopwatch.StartNew();
        using var response = await _bot.PostActivityAsync(activity, null, default);
        var acknowledged = clock.Elapsed;
        var answer = await _connector.WaitForActivityAsync(
            a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0, Wait, default);
        var answered = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(acknowledged < answered - TimeSpan.FromSeconds(1.5),
            $"acknowledged after {acknowledged.TotalMilliseconds:F0} ms, answered after {answered.TotalMilliseconds:F0} ms");
        Assert.Contains("worth the wait", answer.Body, StringComparison.Ordinal);
        Assert.Contains(_connector.AcceptedActivities,
            a => a.ConversationId == conversation && (string?)a.Activity?["type"] == "typing");
    }

    public static TheoryData<string, string> Failures() => new()
    {
        { "throttled", "The model is busy" },
        { "server error", "The model failed" },
        { "prompt filtered", "blocked by the content filter" },
        { "answer filtered", "The answer was blocked by the content filter" },
        { "context length", "too long for the model" },
        { "unauthorized", "not allowed to use the model" },
        { "slow", "took too long" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task ModelFailure_OverRealHttp_ErrorCardSaysWhatHappened(string failure, string expected)
    {
        _model.Enqueue(failure switch
        {
            "throttled" => ModelResponse.TooManyRequests(TimeSpan.FromMinutes(5)),
            "server error" => ModelResponse.ServerError(),
            "prompt filtered" => ModelResponse.PromptFiltered(),
            "answer filtered" => ModelResponse.AnswerFiltered("partial"),
            "context length" => ModelResponse.ContextLengthExceeded(),
            "unauthorized" => ModelResponse.Unauthorized(),
            _ => ModelResponse.Slow(TimeSpan.FromSeconds(15)),
        });

        var card = await AskAsync("trigger " + failure, "a:fail-" + Guid.NewGuid().ToString("N"));

        Assert.Contains(expected, card.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", card.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", card.Body, StringComparison.Ordinal);
        if (failure == "throttled")
        {
            // Longer than a turn may wait: the message waits for the model instead of being dropped.
            Assert.Contains("your answer will follow", card.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Logs_WholeConversation_NeverContainMessageText()
    {
        string marker = "confidential-" + Guid.NewGuid().ToString("N");
        await AskAsync("please keep " + marker + " secret", "a:logs-" + Guid.NewGuid().ToString("N"));

        Assert.DoesNotContain(marker, _bot.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedRequests_Answered400()
    {
        using var notJson = new HttpRequestMessage(HttpMethod.Post, new Uri(_bot.BaseAddress, "api/messages"))
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        };
        using var noType = await _bot.PostActivityAsync(new JsonObject { ["text"] = "hi" }, null, default);
        using var bad = await _bot.SendAsync(notJson, default);
        var reaction = TeamsActivities.PersonalMessage("x", _connector.ServiceUrl, BotId);
        reaction["type"] = "messageReaction";
        using var ignored = await _bot.PostActivityAsync(reaction, null, default);
        using var noConversation = await _bot.PostActivityAsync(new JsonObject { ["type"] = "message", ["text"] = "hi" }, null, default);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noConversation.StatusCode);
    }

    private async Task<ConnectorRequest> AskAsync(string text, string conversation)
    {
        var activity = TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, BotId, conversation);
        int before = _connector.AcceptedActivities.Count(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0);
        using var response = await _bot.PostActivityAsync(activity, null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _connector.WaitForActivityAsync(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0
            && _connector.AcceptedActivities.Count(x => x.ConversationId == conversation && x.AdaptiveCards.Count > 0) > before,
            Wait, default);
        return _connector.AcceptedActivities.Last(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0);
    }
}
