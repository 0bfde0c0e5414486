using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Cards;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class ModelStageTests : IDisposable
{
    private const string Card = "4012 8888 8888 1881";
    private const string Email = "ann.example@contoso.com";
    private static readonly ModelOptions Options = new() { Timeout = TimeSpan.FromMilliseconds(300) };
    private static readonly string AwsKey = Tests.Dlp.FakeSecrets.AwsAccessKeyId(3);
    private readonly TempSqliteDatabase _database = new();
    private readonly IConversationStore _store;

    public ModelStageTests() => _store = _database.CreateStore();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InvokeAsync_Answer_SetsAnswerAndUsageThenCallsNext()
    {
        var turn = Prompted("What is 2+2?");
        var calls = new List<string>();

        await Stage(ScriptedChatClient.Answering("4")).InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Equal(["next"], calls);
        Assert.Equal("4", turn.Answer);
        Assert.Equal(12, turn.Usage?.InputTokenCount);
        Assert.True(turn.AnswerTokens > 0);
    }

    [Fact]
    public async Task InvokeAsync_Answer_AnnouncesThenStreamsEveryPieceInOrder()
    {
        var turn = Prompted("Count");
        var reply = (RecordingReplyChannel)turn.Reply;
        var chat = ScriptedChatClient.Answering("one two three four five");
        chat.StreamChunkSize = 3;

        await Stage(chat).InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal(1, reply.AnswersBegun);
        Assert.True(reply.Streamed.Count > 5);
        Assert.Equal("one two three four five", string.Concat(reply.Streamed));
        Assert.Equal("one two three four five", turn.Answer);
        Assert.Equal(12, turn.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task InvokeAsync_AnswerWithSecrets_KeptRedactedCountedAndOnlyTheScannedPartStreamed()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("x", "a0"), default);
        var turn = Prompted("Make up test data");
        var reply = (RecordingReplyChannel)turn.Reply;
        var chat = ScriptedChatClient.Answering($"Card {Card}, key {AwsKey}, mail {Email}.");
        chat.StreamChunkSize = 5;

        await Stage(chat).InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal("Card [CARD_1], key [AWS_KEY_1], mail [EMAIL_1].", turn.Answer);
        Assert.Equal("Redacted", turn.AnswerDlpOutcome);
        Assert.Equal(new Dictionary<string, int> { ["aws_access_key"] = 1, ["credit_card"] = 1, ["email"] = 1 },
            turn.AnswerRedactions);
        Assert.Empty(turn.Redactions);
        Assert.Contains("Answer redacted: 1 AWS access key", string.Join(" · ", turn.Notes), StringComparison.Ordinal);
        Assert.Equal("Card [CARD_1], key ", reply.VisiblePart!($"Card {Card}, key {AwsKey[..8]}"));
    }

    [Fact]
    public async Task InvokeAsync_AnswerWithNewValues_ConversationMapKeepsTheirNumbers()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("x", "a0"), default);

        await Stage(ScriptedChatClient.Answering($"Use {Card}.")).InvokeAsync(Prompted("card?"), TestTurns.Recording([]),
            default);

        var stored = DlpPlaceholderMap.Parse(await _store.GetRedactionMapAsync("a:conv-1", default));
        Assert.Equal(1, stored.Count);
        Assert.Equal("[CARD_1]", stored.GetPlaceholder("CARD", "4012888888881881"));
    }

    [Fact]
    public async Task InvokeAsync_AnswerRuleBlock_AnswerWithheldWithACardAndNothingKept()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("x", "a0"), default);
        var turn = Prompted("key?");
        var reply = (RecordingReplyChannel)turn.Reply;
        var calls = new List<string>();
        var dlp = new DlpOptions { AnswerRules = new() { ["aws_access_key"] = DlpAction.Block } };

        await Stage(ScriptedChatClient.Answering($"Try {AwsKey} and mail {Email}."), dlp)
            .InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Empty(calls);
        Assert.Null(turn.Answer);
        Assert.Equal(TurnOutcome.Refused, turn.Outcome);
        Assert.Equal("dlp.answer.aws_access_key", turn.Reason);
        Assert.Equal(1, turn.AnswerRedactions["aws_access_key"]);
        string card = CardJson.Serialize(reply.SingleCard);
        Assert.Contains("The answer was withheld", card, StringComparison.Ordinal);
        Assert.Contains("the answer contains 1 AWS access key", card, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsKey, card, StringComparison.Ordinal);
        Assert.Null(await _store.GetRedactionMapAsync("a:conv-1", default));
    }

    [Fact]
    public async Task InvokeAsync_AnswerRepeatsPlaceholders_KeptAsTheyAre()
    {
        var turn = Prompted("Write to [EMAIL_1] about [CARD_1]");

        await Stage(ScriptedChatClient.Answering("Dear [EMAIL_1], your card [CARD_1] is fine."))
            .InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal("Dear [EMAIL_1], your card [CARD_1] is fine.", turn.Answer);
        Assert.Equal("Clean", turn.AnswerDlpOutcome);
        Assert.Empty(turn.AnswerRedactions);
        Assert.Empty(turn.Notes);
    }

    [Fact]
    public async Task InvokeAsync_NotConfigured_CardNamesTheKeys()
    {
        var reply = new RecordingReplyChannel();
        var turn = Prompted("hi", reply);

        await Stage(new NotConfiguredChatClient()).InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal("model.notconfigured", turn.Reason);
        string card = CardJson.Serialize(reply.SingleCard);
        Assert.Contains("Model:Provider", card, StringComparison.Ordinal);
        Assert.Contains("Model:Endpoint", card, StringComparison.Ordinal);
        Assert.Null(turn.Answer);
    }

    [Fact]
    public async Task InvokeAsync_SlowerThanTimeout_TimeoutCard()
    {
        var reply = new RecordingReplyChannel();
        var slow = new ScriptedChatClient(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return new ChatResponse();
        });

        await Stage(slow).InvokeAsync(Prompted("hi", reply), TestTurns.Recording([]), default);

        Assert.Contains("took too long", CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_AnswerFiltered_NoAnswerKeptAndFilterCard()
    {
        var reply = new RecordingReplyChannel();
        var turn = Prompted("hi", reply);
        var calls = new List<string>();

        await Stage(ScriptedChatClient.Answering("partial", ChatFinishReason.ContentFilter))
            .InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Empty(calls);
        Assert.Null(turn.Answer);
        Assert.Equal("model.answerfiltered", turn.Reason);
        Assert.Contains("content filter", CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ConnectionRefused_UnreachableCard()
    {
        var reply = new RecordingReplyChannel();

        await Stage(ScriptedChatClient.Throwing(new HttpRequestException("refused")))
            .InvokeAsync(Prompted("hi", reply), TestTurns.Recording([]), default);

        string card = CardJson.Serialize(reply.SingleCard);
        Assert.Contains("can't be reached", card, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_UnknownException_Propagates()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Stage(ScriptedChatClient.Throwing(new InvalidOperationException("bug")))
                .InvokeAsync(Prompted("hi"), TestTurns.Recording([]), default));
    }

    [Fact]
    public async Task InvokeAsync_FailureOpensTheBreaker_UserToldOnceAndTheTurnWaitsForTheProbe()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new ModelOptions { Timeout = Options.Timeout, BreakerFailures = 1 };
        var chat = ScriptedChatClient.Throwing(new HttpRequestException("refused"));
        var stage = Stage(chat, options: options, clock: clock);
        var first = Received(Prompted("first"), clock.GetUtcNow());
        var second = Received(Prompted("second"), clock.GetUtcNow());

        await stage.InvokeAsync(first, TestTurns.Recording([]), default);
        second.WaitNoticeSent = true;
        await stage.InvokeAsync(second, TestTurns.Recording([]), default);

        Assert.Equal(TurnOutcome.Deferred, first.Outcome);
        Assert.Equal("model.unavailable", first.Reason);
        Assert.Equal(clock.GetUtcNow() + options.BreakerBackoff, first.DeferredUntil);
        Assert.True(first.WaitNoticeSent);
        Assert.Contains("your answer will follow", CardJson.Serialize(((RecordingReplyChannel)first.Reply).SingleCard),
            StringComparison.Ordinal);
        // While the breaker is open nothing is sent, and a user who was told is not told again.
        Assert.Single(chat.Prompts);
        Assert.Equal(TurnOutcome.Deferred, second.Outcome);
        Assert.Empty(((RecordingReplyChannel)second.Reply).Cards);
    }

    [Fact]
    public async Task InvokeAsync_BreakerOpenAndTheOutageWaitIsOver_FailsWithACardSayingSo()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new ModelOptions { Timeout = Options.Timeout, BreakerFailures = 1, OutageWait = TimeSpan.FromHours(4) };
        var stage = Stage(ScriptedChatClient.Throwing(new HttpRequestException("refused")), options: options, clock: clock);
        await stage.InvokeAsync(Received(Prompted("opens"), clock.GetUtcNow()), TestTurns.Recording([]), default);
        var waited = Received(Prompted("waited"), clock.GetUtcNow() - options.OutageWait);
        waited.WaitNoticeSent = true;

        await stage.InvokeAsync(waited, TestTurns.Recording([]), default);

        Assert.Equal(TurnOutcome.Failed, waited.Outcome);
        Assert.Equal("model.unavailable", waited.Reason);
        Assert.Contains("did not come back in time", CardJson.Serialize(((RecordingReplyChannel)waited.Reply).SingleCard),
            StringComparison.Ordinal);
    }

    private static TurnRequest Received(TurnRequest turn, DateTimeOffset at) => new()
    {
        TurnId = turn.TurnId,
        ConversationId = turn.ConversationId,
        ActivityId = turn.ActivityId,
        TenantId = turn.TenantId,
        UserId = turn.UserId,
        Scope = turn.Scope,
        ContextEpoch = turn.ContextEpoch,
        Text = turn.Text,
        Reply = turn.Reply,
        ReceivedAt = at.UtcDateTime,
    };

    private ModelStage Stage(IChatClient client, DlpOptions? dlp = null, ModelOptions? options = null,
        TimeProvider? clock = null)
    {
        var model = new FixedOptionsMonitor<ModelOptions>(options ?? Options);
        return new(client, new TiktokenTokenCounter(Microsoft.Extensions.Options.Options.Create(Options)),
            model, new DlpScanner(), new FixedOptionsMonitor<DlpOptions>(dlp ?? new DlpOptions()), _store,
            new ModelCircuitBreaker(model, clock ?? TimeProvider.System, NullLogger<ModelCircuitBreaker>.Instance),
            clock ?? TimeProvider.System, NullLogger<ModelStage>.Instance);
    }

    private static TurnRequest Prompted(string text, RecordingReplyChannel? reply = null)
    {
        var turn = TestTurns.Create(text, reply);
        turn.Prompt.Add(new ChatMessage(ChatRole.User, text));
        return turn;
    }
}
