using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Cards;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class ModelStageTests
{
    private static readonly ModelOptions Options = new() { Timeout = TimeSpan.FromMilliseconds(300) };

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

    private static ModelStage Stage(IChatClient client) =>
        new(client, new TiktokenTokenCounter(Microsoft.Extensions.Options.Options.Create(Options)),
            new FixedOptionsMonitor<ModelOptions>(Options), NullLogger<ModelStage>.Instance);

    private static TurnRequest Prompted(string text, RecordingReplyChannel? reply = null)
    {
        var turn = TestTurns.Create(text, reply);
        turn.Prompt.Add(new ChatMessage(ChatRole.User, text));
        return turn;
    }
}
