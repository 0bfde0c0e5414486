using TeamsBot.Cards;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class InputStageTests
{
    private readonly InputStage _stage = new(new FixedOptionsMonitor<LimitsOptions>(new LimitsOptions { MaxInputChars = 20 }));

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task InvokeAsync_EmptyText_SendsHelpCard(string text)
    {
        var reply = new RecordingReplyChannel();
        var calls = new List<string>();
        var turn = TestTurns.Create(text, reply);

        await _stage.InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Empty(calls);
        Assert.Equal("input.empty", turn.Reason);
        Assert.Equal(CardJson.Serialize(BotCards.EmptyMessage()), CardJson.Serialize(reply.SingleCard));
    }

    [Fact]
    public async Task InvokeAsync_OverLimit_SendsCardWithLengthAndLimit()
    {
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create(new string('x', 21), reply);

        await _stage.InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal("input.too_long", turn.Reason);
        string json = CardJson.Serialize(reply.SingleCard);
        Assert.Contains("21 characters", json, StringComparison.Ordinal);
        Assert.Contains("limit here is 20", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_AtLimit_TrimsAndCallsNext()
    {
        var calls = new List<string>();
        var turn = TestTurns.Create("  " + new string('x', 20) + "  ");

        await _stage.InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Equal(["next"], calls);
        Assert.Equal(new string('x', 20), turn.Text);
    }
}
