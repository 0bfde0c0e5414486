using TeamsBot.Cards;
using TeamsBot.Pipeline;
using TeamsBot.Policy;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class AdmissionStageTests
{
    [Fact]
    public async Task InvokeAsync_UserBlockedSinceReceipt_RefusedWithCardAndNoNext()
    {
        var policy = AdmissionTests.Policy(blocked: ["user-1"]);
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create("hello", reply);
        var calls = new List<string>();

        await new AdmissionStage(new Admission(new DelegatePolicyProvider(() => policy), new FakeUserDirectory()))
            .InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Empty(calls);
        Assert.Equal("policy.blocked_user", turn.Reason);
        Assert.Same(policy, turn.Policy);
        Assert.Contains("blocked", CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_Admitted_SetsPolicyAndDepartmentThenCallsNext()
    {
        var policy = AdmissionTests.Policy(groups: ["g-1"]);
        var directory = new FakeUserDirectory();
        directory.Groups["user-1"] = ["g-1"];
        var turn = TestTurns.Create("hello");
        var calls = new List<string>();

        await new AdmissionStage(new Admission(new DelegatePolicyProvider(() => policy), directory))
            .InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Equal(["next"], calls);
        Assert.Same(policy, turn.Policy);
        Assert.Equal("Finance", turn.Department);
    }
}
