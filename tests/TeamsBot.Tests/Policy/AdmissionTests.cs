using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Policy;

public sealed class AdmissionTests
{
    private const string Finance = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private readonly FakeUserDirectory _directory = new();

    [Fact]
    public async Task CheckAsync_TenantNotAllowed_RefusedWithCard()
    {
        var result = await CheckAsync(Policy(tenantAllowed: false));

        Assert.Equal("policy.tenant", result.RefusalRule);
        Assert.Contains("not available for your organisation", CardJson.Serialize(result.RefusalCard!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "user-1", "identity.tenant_missing")]
    [InlineData("tenant-1", "", "identity.missing")]
    [InlineData("tenant-1", " ", "identity.missing")]
    public async Task CheckAsync_MissingTenantOrUser_Refused(string tenant, string user, string rule)
    {
        var result = await new Admission(new DelegatePolicyProvider(() => Policy()), _directory)
            .CheckAsync(tenant, user, ConversationScope.Personal, default);

        Assert.False(result.IsAdmitted);
        Assert.Equal(rule, result.RefusalRule);
        Assert.Contains(result.RefusalCard!.Body, e => e is Container);
    }

    [Fact]
    public async Task CheckAsync_ChannelScopeDisabled_Refused()
    {
        var result = await CheckAsync(Policy(scopes: [ConversationScope.Personal]), ConversationScope.Channel);

        Assert.Equal("policy.scope.channel", result.RefusalRule);
    }

    [Fact]
    public async Task CheckAsync_BlockedUser_Refused()
    {
        var result = await CheckAsync(Policy(blocked: ["user-1"]));

        Assert.Equal("policy.blocked_user", result.RefusalRule);
    }

    [Fact]
    public async Task CheckAsync_UserNotInAllowedGroup_Refused()
    {
        _directory.Groups["user-1"] = ["11111111-1111-1111-1111-111111111111"];

        var result = await CheckAsync(Policy(groups: [Finance]));

        Assert.Equal("policy.group", result.RefusalRule);
    }

    [Fact]
    public async Task CheckAsync_UserInAllowedGroup_AdmittedWithDepartment()
    {
        _directory.Groups["user-1"] = [Finance.ToUpperInvariant()];

        var result = await CheckAsync(Policy(groups: [Finance]));

        Assert.True(result.IsAdmitted);
        Assert.Null(result.RefusalCard);
        Assert.Equal("Finance", result.Department);
    }

    [Fact]
    public async Task CheckAsync_DirectoryDown_FailsClosed()
    {
        _directory.Down = true;

        var result = await CheckAsync(Policy(groups: [Finance]));

        Assert.Equal("policy.directory_unavailable", result.RefusalRule);
        Assert.Contains("could not be checked", CardJson.Serialize(result.RefusalCard!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NoGroupRule_AdmittedWithoutAskingTheDirectory()
    {
        var result = await CheckAsync(Policy());

        Assert.True(result.IsAdmitted);
        Assert.Equal(0, _directory.Calls);
    }

    private async Task<AdmissionResult> CheckAsync(EffectivePolicy policy, ConversationScope scope = ConversationScope.Personal)
    {
        var result = await new Admission(new DelegatePolicyProvider(() => policy), _directory)
            .CheckAsync("tenant-1", "user-1", scope, default);
        Assert.Same(policy, result.Policy);
        return result;
    }

    internal static EffectivePolicy Policy(bool tenantAllowed = true, ConversationScope[]? scopes = null,
        string[]? groups = null, string[]? blocked = null, int messages = 0, long userTokens = 0, long tenantTokens = 0) =>
        new("tenant-1", tenantAllowed,
            new HashSet<ConversationScope>(scopes ?? [ConversationScope.Personal, ConversationScope.GroupChat, ConversationScope.Channel]),
            groups ?? [], new HashSet<string>(blocked ?? []), messages, userTokens, tenantTokens, new TeamsBot.Dlp.DlpOptions(),
            "v-test");
}
