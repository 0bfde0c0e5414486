using System.Net;
using System.Text.Json.Nodes;
using TeamsBot.Cards;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>Teams' like/dislike buttons on answers, through the real app: the invoke, its answer, and the stored row.</summary>
[Collection(DevelopmentBotGroup.Name)]
public sealed class FeedbackTests(DevelopmentBotFixture fixture)
{
    private const string Bot = DevelopmentBotFixture.BotAppId;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ConnectorDouble _connector = fixture.Connector;
    private readonly BotProcess _bot = fixture.Bot;

    [Fact]
    public async Task Feedback_TeamsInvokeOnARecordedAnswer_Answered200EmptyObjectAndStored()
    {
        string conversation = NewConversation();
        var (turnId, messageId) = await AskAndRecordAsync("What is the capital of France?", conversation);
        string marker = "comment-" + Guid.NewGuid().ToString("N");

        var (status, body) = await InvokeAsync(TeamsActivities.FeedbackInvoke(
            _connector.ServiceUrl, Bot, conversation, messageId, "like", "helpful " + marker));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", body);
        var row = Assert.Single(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
        Assert.Equal((turnId, TeamsActivities.UserAadObjectId, "Like", "helpful " + marker), row);
        Assert.DoesNotContain(marker, _bot.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_OnStreamedAnswerRatedByItsStreamId_Stored()
    {
        string conversation = NewConversation();
        // Written over about three seconds: only an answer still being written after Streaming:OpenAfter is streamed.
        fixture.Model.Enqueue(new ModelResponse
        {
            Text = "A streamed answer, written in several small pieces.",
            ChunkSize = 5,
            ChunkDelay = TimeSpan.FromMilliseconds(300),
        });
        var (turnId, _) = await AskAndRecordAsync("Stream me an answer", conversation);
        // The stream id is the id Teams gave the first (informative) update of the streamed answer.
        string streamId = _connector.AcceptedActivities
            .First(a => a.ConversationId == conversation && a.Activity?["entities"]?.ToJsonString().Contains("informative", StringComparison.Ordinal) == true)
            .ResponseId!;

        var (status, _) = await InvokeAsync(TeamsActivities.FeedbackInvoke(
            _connector.ServiceUrl, Bot, conversation, streamId, "dislike", "too short"));

        Assert.Equal(HttpStatusCode.OK, status);
        var row = Assert.Single(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
        Assert.Equal((turnId, TeamsActivities.UserAadObjectId, "Dislike", "too short"), row);
    }

    [Fact]
    public async Task Feedback_SecondReactionOfTheSameUser_ReplacesTheFirst()
    {
        string conversation = NewConversation();
        var (turnId, messageId) = await AskAndRecordAsync("Summarise this", conversation);

        await InvokeAsync(TeamsActivities.FeedbackInvoke(_connector.ServiceUrl, Bot, conversation, messageId, "like", "great"));
        var (status, _) = await InvokeAsync(TeamsActivities.FeedbackInvoke(
            _connector.ServiceUrl, Bot, conversation, messageId, "dislike", null));

        Assert.Equal(HttpStatusCode.OK, status);
        var row = Assert.Single(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
        Assert.Equal((turnId, "Dislike", (string?)null), (row.TurnId, row.Reaction, row.Comment));
    }

    public static TheoryData<string> MalformedValues() => new()
    {
        """{"actionName":"feedback","actionValue":{"reaction":"love"}}""",
        """{"actionName":"somethingElse","actionValue":{"reaction":"like"}}""",
        """{"actionName":"feedback","actionValue":{"reaction":"like","feedback":42}}""",
        """{"actionName":"feedback"}""",
    };

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public async Task Feedback_MalformedValue_Answered400NothingStored(string value)
    {
        string conversation = NewConversation();
        var (_, messageId) = await AskAndRecordAsync("Hello", conversation);
        var invoke = TeamsActivities.FeedbackInvoke(_connector.ServiceUrl, Bot, conversation, messageId, "like", null);
        invoke["value"] = JsonNode.Parse(value);

        var (status, _) = await InvokeAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Empty(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
    }

    [Fact]
    public async Task Feedback_AbsurdlyLongComment_Answered400NothingStored()
    {
        string conversation = NewConversation();
        var (_, messageId) = await AskAndRecordAsync("Hello", conversation);

        var (status, _) = await InvokeAsync(TeamsActivities.FeedbackInvoke(
            _connector.ServiceUrl, Bot, conversation, messageId, "dislike", new string('x', 50_000)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Empty(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
    }

    [Fact]
    public async Task Feedback_PlaygroundInvokeWithoutReplyToId_StoredOnTheLatestAnswer()
    {
        string conversation = NewConversation();
        await AskAsync("first question", conversation);
        await AskAsync("second question", conversation);
        var turns = await StoredFeedback.UserTurnsAsync(_bot.DatabasePath, conversation, default);

        var (status, body) = await InvokeAsync(TeamsActivities.PlaygroundFeedbackInvoke(
            _connector.ServiceUrl, Bot, conversation, "dislike", "plain text from the playground"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", body);
        var row = Assert.Single(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
        Assert.Equal((turns[^1], "Dislike", "plain text from the playground"), (row.TurnId, row.Reaction, row.Comment));
    }

    [Fact]
    public async Task Feedback_MessageThatIsNoRecordedAnswer_Answered200NothingStoredWarningLogged()
    {
        string conversation = NewConversation();
        await AskAsync("Hello", conversation);
        string unknown = TeamsActivities.NewActivityId();

        var (status, body) = await InvokeAsync(TeamsActivities.FeedbackInvoke(
            _connector.ServiceUrl, Bot, conversation, unknown, "like", null));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{}", body);
        Assert.Empty(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
        await _bot.WaitForOutputAsync(l => l.Contains(unknown, StringComparison.Ordinal)
            && l.Contains("matches no recorded answer", StringComparison.Ordinal), Wait, default);
    }

    [Fact]
    public async Task Feedback_UserBlockedByPolicy_Answered200NothingStored()
    {
        string conversation = NewConversation();
        var (_, messageId) = await AskAndRecordAsync("Hello", conversation);

        var (status, _) = await InvokeAsync(TeamsActivities.FeedbackInvoke(_connector.ServiceUrl, Bot, conversation,
            messageId, "dislike", "blocked", DevelopmentBotFixture.BlockedUserId));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
    }

    [Fact]
    public async Task ForgetMe_Confirmed_DeletesTheUsersFeedback()
    {
        string conversation = NewConversation();
        var (_, messageId) = await AskAndRecordAsync("Hello", conversation);
        await InvokeAsync(TeamsActivities.FeedbackInvoke(_connector.ServiceUrl, Bot, conversation, messageId, "like", "ok"));
        Assert.Single(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
        var confirm = TeamsActivities.PersonalMessage(string.Empty, _connector.ServiceUrl, Bot, conversation);
        confirm["value"] = new JsonObject { [CardVerbs.Key] = CardVerbs.ForgetMeConfirm };

        using var response = await _bot.PostActivityAsync(confirm, null, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await StoredFeedback.ReadAsync(_bot.DatabasePath, conversation, default));
        // The 1:1 chat goes whole, its conversation row (which names the user) too.
        Assert.Equal(0, await StoredTurns.CountForConversationAsync(_bot.DatabasePath, conversation, default));
    }

    private static string NewConversation() => "a:feedback-" + Guid.NewGuid().ToString("N");

    /// <summary>Asks and waits for the answer card; the app has recorded the card's message id for its turn.</summary>
    private async Task<(long TurnId, string MessageId)> AskAndRecordAsync(string text, string conversation)
    {
        var answer = await AskAsync(text, conversation);
        long turnId = (await StoredFeedback.UserTurnsAsync(_bot.DatabasePath, conversation, default))[^1];
        return (turnId, answer.ResponseId!);
    }

    private async Task<ConnectorRequest> AskAsync(string text, string conversation)
    {
        int before = Answers(conversation);
        using var response = await _bot.PostActivityAsync(
            TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, Bot, conversation), null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _connector.WaitForActivityAsync(_ => Answers(conversation) > before, Wait, default);
        // The answer is stored just after its card is sent; feedback without a message id needs it stored.
        await StoredFeedback.WaitForAnsweredTurnsAsync(_bot.DatabasePath, conversation, before + 1, Wait, default);
        var answer = _connector.AcceptedActivities.Last(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0);
        // Feedback finds its answer by the message id, recorded just after the answer is sent.
        await StoredFeedback.WaitForAnswerMessageAsync(_bot.DatabasePath, conversation, answer.ResponseId!, Wait, default);
        return answer;
    }

    private int Answers(string conversation) =>
        _connector.AcceptedActivities.Count(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0);

    private async Task<(HttpStatusCode Status, string Body)> InvokeAsync(JsonObject invoke)
    {
        using var response = await _bot.PostActivityAsync(invoke, null, default);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
