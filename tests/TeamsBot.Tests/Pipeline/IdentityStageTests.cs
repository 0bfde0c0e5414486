using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class IdentityStageTests
{
    [Theory]
    [InlineData("", "user-1")]
    [InlineData("tenant-1", "")]
    public async Task InvokeAsync_MissingTenantOrUser_RefusesWithoutCallingNext(string tenant, string user)
    {
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create("hello", reply, tenantId: tenant, userId: user);
        var calls = new List<string>();

        await new IdentityStage().InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Empty(calls);
        Assert.Equal(TurnOutcome.Refused, turn.Outcome);
        Assert.Contains(reply.SingleCard.Body, e => e is TeamsBot.Cards.Container);
    }

    [Fact]
    public async Task InvokeAsync_KnownUser_CallsNext()
    {
        var calls = new List<string>();

        await new IdentityStage().InvokeAsync(TestTurns.Create("hello"), TestTurns.Recording(calls), default);

        Assert.Equal(["next"], calls);
    }
}
