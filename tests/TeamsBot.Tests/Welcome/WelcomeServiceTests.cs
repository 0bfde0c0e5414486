using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Policy;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Welcome;

namespace TeamsBot.Tests.Welcome;

public sealed class WelcomeServiceTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly PolicyOptions _options = new() { PolicyUrl = new Uri("https://intranet.contoso.example/policy") };
    private readonly WelcomeService _welcome;
    private readonly FakeUserDirectory _directory = new();
    private EffectivePolicy _policy = AdmissionTests.Policy();

    public WelcomeServiceTests()
    {
        _welcome = new WelcomeService(_database.CreateStore(), new Admission(new DelegatePolicyProvider(() => _policy), _directory),
            new FixedOptionsMonitor<PolicyOptions>(_options), NullLogger<WelcomeService>.Instance);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ClaimAsync_SameConversationTwice_CardOnlyTheFirstTime()
    {
        var first = await _welcome.ClaimAsync(Request(), default);
        var again = await _welcome.ClaimAsync(Request(), default);

        Assert.NotNull(first);
        Assert.Null(again);
    }

    [Fact]
    public async Task ClaimAsync_ReleasedAfterAFailedSend_CardAgain()
    {
        await _welcome.ClaimAsync(Request(), default);

        await _welcome.ReleaseAsync("a:chat-1", default);

        Assert.NotNull(await _welcome.ClaimAsync(Request(), default));
    }

    [Fact]
    public async Task ClaimAsync_TenantOverridesThePolicyUrl_TenantsUrlLinked()
    {
        _options.Tenants["tenant-1"] = new TenantPolicyOptions { PolicyUrl = new Uri("https://tenant.example/ai") };

        var card = await _welcome.ClaimAsync(Request(), default);

        var action = Assert.IsType<OpenUrlAction>(Assert.Single(card!.Actions!));
        Assert.Equal(new Uri("https://tenant.example/ai"), action.Url);
    }

    [Fact]
    public async Task ClaimAsync_TenantNotAllowed_NoCardAndNotMarked()
    {
        _policy = AdmissionTests.Policy(tenantAllowed: false);

        Assert.Null(await _welcome.ClaimAsync(Request(), default));

        using var db = _database.CreateDbContext();
        Assert.Empty(db.Welcomes);
    }

    [Fact]
    public async Task ClaimAsync_ScopeTurnedOff_NoCard()
    {
        _policy = AdmissionTests.Policy(scopes: [ConversationScope.Personal]);

        Assert.Null(await _welcome.ClaimAsync(Request(ConversationScope.Channel), default));
        Assert.NotNull(await _welcome.ClaimAsync(Request() with { ConversationId = "a:chat-2" }, default));
    }

    [Fact]
    public async Task ClaimAsync_BlockedUsersOwnChat_NoCard()
    {
        _policy = AdmissionTests.Policy(blocked: ["user-1"]);

        Assert.Null(await _welcome.ClaimAsync(Request(), default));
    }

    [Fact]
    public async Task ClaimAsync_UserOutsideTheAllowedGroupsInTheirOwnChat_NoCard()
    {
        _policy = AdmissionTests.Policy(groups: ["g-finance"]);
        _directory.Groups["user-1"] = ["g-other"];

        Assert.Null(await _welcome.ClaimAsync(Request(), default));
    }

    [Fact]
    public async Task ClaimAsync_DirectoryDownInTheUsersOwnChat_NoCard()
    {
        _policy = AdmissionTests.Policy(groups: ["g-finance"]);
        _directory.Down = true;

        Assert.Null(await _welcome.ClaimAsync(Request(), default));
    }

    [Fact]
    public async Task ClaimAsync_BlockedUserAddsTheBotToAGroupChat_TheSpaceIsStillWelcomed()
    {
        _policy = AdmissionTests.Policy(blocked: ["user-1"]);

        Assert.NotNull(await _welcome.ClaimAsync(Request(ConversationScope.GroupChat), default));
    }

    [Fact]
    public async Task ClaimAsync_NoTenant_NoCard()
    {
        Assert.Null(await _welcome.ClaimAsync(Request() with { TenantId = "" }, default));
    }

    private static WelcomeRequest Request(ConversationScope scope = ConversationScope.Personal) =>
        new("a:chat-1", "tenant-1", scope, "user-1", "TeamsBot");
}
