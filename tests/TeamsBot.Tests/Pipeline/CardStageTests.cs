using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Cards;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class CardStageTests
{
    [Fact]
    public async Task InvokeAsync_Answer_SendsAiLabelledCardWithNotesAndNewChat()
    {
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create("q", reply);
        turn.Answer = "**Four.**";
        turn.Notes.Add("Redacted: 1 email address");
        var calls = new List<string>();

        await new CardStage(NullLogger<CardStage>.Instance).InvokeAsync(turn, TestTurns.Recording(calls), default);

        var (card, aiGenerated) = Assert.Single(reply.Cards);
        Assert.True(aiGenerated);
        Assert.Equal(TurnOutcome.Answered, turn.Outcome);
        Assert.Equal(["next"], calls);
        string json = CardJson.Serialize(card);
        Assert.Contains("**Four.**", json, StringComparison.Ordinal);
        Assert.Contains("Redacted: 1 email address", json, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"newChat\"", json, StringComparison.Ordinal);
        Assert.Contains("\"version\":\"1.5\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_StoredAnswerConnectorDown_AnsweredAndLeftForDelivery()
    {
        var reply = new RecordingReplyChannel { AnswerFailure = new HttpRequestException("Connection refused") };
        var turn = TestTurns.Create("q", reply);
        turn.Answer = "Four.";
        turn.AnswerStored = true;
        var calls = new List<string>();

        await new CardStage(NullLogger<CardStage>.Instance).InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Equal(TurnOutcome.Answered, turn.Outcome);
        Assert.False(turn.AnswerDelivered);
        Assert.Equal(["next"], calls);
    }

    [Fact]
    public async Task InvokeAsync_UnstoredAnswerConnectorDown_Throws()
    {
        var reply = new RecordingReplyChannel { AnswerFailure = new HttpRequestException("Connection refused") };
        var turn = TestTurns.Create("q", reply);
        turn.Answer = "Four.";

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            new CardStage(NullLogger<CardStage>.Instance).InvokeAsync(turn, TestTurns.Recording([]), default));
    }

    [Fact]
    public async Task InvokeAsync_AnswerCitesPassages_SentWithTheCitedOnesOnly()
    {
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create("leave?", reply);
        turn.Answer = "You get 25 days [2], more after five years [2][3].";
        turn.Citations.AddRange([new AnswerCitation(1, "a.pdf", "one"), new AnswerCitation(2, "b.pdf", "two"),
            new AnswerCitation(3, "c.pdf", "three")]);

        await new CardStage(NullLogger<CardStage>.Instance).InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal([2, 3], Assert.Single(reply.Citations).Select(c => c.Position));
    }
}
