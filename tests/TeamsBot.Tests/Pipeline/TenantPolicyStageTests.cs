using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Pipeline;
using TeamsBot.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class TenantPolicyStageTests
{
    private const string Finance = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private readonly FakeUserDirectory _directory = new();

    [Fact]
    public async Task InvokeAsync_TenantNotAllowed_RefusedWithCardAndNoNext()
    {
        var (turn, reply, calls) = await RunAsync(Policy(tenantAllowed: false));

        Assert.Empty(calls);
        Assert.Equal("policy.tenant", turn.Reason);
        Assert.Contains("not available for your organisation", CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ChannelScopeDisabled_Refused()
    {
        var (turn, _, calls) = await RunAsync(Policy(scopes: [ConversationScope.Personal]), ConversationScope.Channel);

        Assert.Empty(calls);
        Assert.Equal("policy.scope.channel", turn.Reason);
    }

    [Fact]
    public async Task InvokeAsync_BlockedUser_Refused()
    {
        var (turn, _, _) = await RunAsync(Policy(blocked: ["user-1"]));

        Assert.Equal("policy.blocked_user", turn.Reason);
    }

    [Fact]
    public async Task InvokeAsync_UserNotInAllowedGroup_Refused()
    {
        _directory.Groups["user-1"] = ["11111111-1111-1111-1111-111111111111"];

        var (turn, _, calls) = await RunAsync(Policy(groups: [Finance]));

        Assert.Empty(calls);
        Assert.Equal("policy.group", turn.Reason);
    }

    [Fact]
    public async Task InvokeAsync_UserInAllowedGroup_CallsNextWithDepartment()
    {
        _directory.Groups["user-1"] = [Finance.ToUpperInvariant()];

        var (turn, _, calls) = await RunAsync(Policy(groups: [Finance]));

        Assert.Equal(["next"], calls);
        Assert.Equal("Finance", turn.Department);
    }

    [Fact]
    public async Task InvokeAsync_DirectoryDown_FailsClosed()
    {
        _directory.Down = true;

        var (turn, reply, calls) = await RunAsync(Policy(groups: [Finance]));

        Assert.Empty(calls);
        Assert.Equal("policy.directory_unavailable", turn.Reason);
        Assert.Contains("could not be checked", CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NoGroupRule_DirectoryNotAsked()
    {
        var (_, _, calls) = await RunAsync(Policy());

        Assert.Equal(["next"], calls);
        Assert.Equal(0, _directory.Calls);
    }

    private async Task<(TurnRequest Turn, RecordingReplyChannel Reply, List<string> Calls)> RunAsync(
        EffectivePolicy policy, ConversationScope scope = ConversationScope.Personal)
    {
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create("hello", reply, scope: scope);
        var calls = new List<string>();
        await new TenantPolicyStage(new FixedPolicyProvider(policy), _directory)
            .InvokeAsync(turn, TestTurns.Recording(calls), default);
        Assert.Same(policy, turn.Policy);
        return (turn, reply, calls);
    }

    internal static EffectivePolicy Policy(bool tenantAllowed = true, ConversationScope[]? scopes = null,
        string[]? groups = null, string[]? blocked = null, int messages = 0, long userTokens = 0, long tenantTokens = 0) =>
        new("tenant-1", tenantAllowed,
            new HashSet<ConversationScope>(scopes ?? [ConversationScope.Personal, ConversationScope.GroupChat, ConversationScope.Channel]),
            groups ?? [], new HashSet<string>(blocked ?? []), messages, userTokens, tenantTokens, new TeamsBot.Dlp.DlpOptions(),
            "v-test");

    private sealed class FixedPolicyProvider(EffectivePolicy policy) : IPolicyProvider
    {
        public EffectivePolicy For(string tenantId) => policy;
    }
}
