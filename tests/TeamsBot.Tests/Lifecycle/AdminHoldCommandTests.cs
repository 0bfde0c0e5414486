using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Lifecycle;
using TeamsBot.Policy;
using TeamsBot.Reports;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.Reports;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Lifecycle;

/// <summary>The Teams hold command, with membership read from a Graph double over HTTP and holds in a real database.</summary>
public sealed class AdminHoldCommandTests : IAsyncLifetime
{
    private const string AdminGroup = "6f1d2c3b-4a59-4e68-8d7c-0b1a2f3e4d5c";
    private const string HeldUser = "5c0ffee5-9f1e-4b7a-a3d2-0f0e7f0e7a11";

    private readonly TempSqliteDatabase _database = new();
    private readonly HttpClient _http = new();
    private readonly EffectivePolicy _policy = AdmissionTests.Policy();
    private GraphDouble _graph = null!;
    private LegalHoldService _holds = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphDouble.StartAsync();
        _graph.Users["admin-1"] = ("Ada Admin", "IT", [AdminGroup]);
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["some-other-group"]);
        _holds = new LegalHoldService(_database, AuditTestData.CreateLog(_database), new FakeTimeProvider(),
            NullLogger<LegalHoldService>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _http.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task TryHandleAsync_AdminPlacesListsAndLifts_HoldInForceThenGoneAndAudited()
    {
        var command = Command();

        var placed = await command.TryHandleAsync(Message($"hold user {HeldUser} Matter 2026-17 (litigation)", "admin-1"), default);
        var held = await _holds.ListAsync("tenant-1", default);
        var listed = await command.TryHandleAsync(Message("holds", "admin-1"), default);
        var lifted = await command.TryHandleAsync(Message($"hold lift {held[0].Id}", "admin-1"), default);

        Assert.Contains("Legal hold 1 placed", CardJson.Serialize(Assert.Single(placed!)), StringComparison.Ordinal);
        var hold = Assert.Single(held);
        Assert.Equal(("tenant-1", HeldUser, "Matter 2026-17 (litigation)", "admin-1"),
            (hold.TenantId, hold.UserId, hold.Reason, hold.PlacedBy));
        Assert.Contains("Matter 2026-17", CardJson.Serialize(Assert.Single(listed!)), StringComparison.Ordinal);
        Assert.Contains("Legal hold 1 lifted", CardJson.Serialize(Assert.Single(lifted!)), StringComparison.Ordinal);
        Assert.Empty(await _holds.ListAsync(null, default));
        await using var db = _database.CreateDbContext();
        Assert.Equal(["legal-hold 1 by admin-1", "legal-hold 1 by admin-1"],
            db.Set<TeamsBot.Audit.AuditRecord>().OrderBy(r => r.Sequence).Select(r => r.Rule!).ToList());
    }

    [Theory]
    [InlineData("user-1", ConversationScope.Personal)]
    [InlineData("admin-1", ConversationScope.GroupChat)]
    public async Task TryHandleAsync_NotAnAdminOrNotPersonal_NotACommandAndNothingHeld(string user, ConversationScope scope)
    {
        var answer = await Command().TryHandleAsync(Message($"hold user {HeldUser} Matter 1", user, scope), default);

        Assert.Null(answer);
        Assert.Empty(await _holds.ListAsync(null, default));
    }

    [Fact]
    public async Task TryHandleAsync_DirectoryDown_FailsClosed()
    {
        await _graph.DisposeAsync();

        Assert.Null(await Command().TryHandleAsync(Message($"hold user {HeldUser} Matter 1", "admin-1"), default));
        Assert.Empty(await _holds.ListAsync(null, default));
        _graph = await GraphDouble.StartAsync();
    }

    [Theory]
    [InlineData("hold on, what about Paris?")]
    [InlineData("holding company structure")]
    public async Task TryHandleAsync_AdminAsksAQuestion_NotACommand(string text)
    {
        Assert.Null(await Command().TryHandleAsync(Message(text, "admin-1"), default));
    }

    [Fact]
    public async Task TryHandleAsync_LiftAnotherTenantsHold_NoSuchHold()
    {
        var other = await _holds.PlaceAsync(new LegalHoldRequest("tenant-other", HeldUser, null, "Theirs", "cli"), default);

        var answer = await Command().TryHandleAsync(Message($"hold lift {other.Id}", "admin-1"), default);

        Assert.Contains("No such hold", CardJson.Serialize(Assert.Single(answer!)), StringComparison.Ordinal);
        Assert.Single(await _holds.ListAsync(null, default));
    }

    private static IncomingMessage Message(string text, string userId, ConversationScope scope = ConversationScope.Personal) =>
        TestTurns.Incoming(text, "a1", userId: userId, scope: scope);

    private AdminHoldCommand Command()
    {
        var directory = GraphDoubleDirectory.Create(_graph, _http);
        var policies = new DelegatePolicyProvider(() => _policy);
        var options = new FixedOptionsMonitor<ReportOptions>(new ReportOptions { AdminGroup = AdminGroup });
        var builder = new UsageReportBuilder(new ActivityQuery(_database),
            new DirectoryLookup(directory, NullLogger<DirectoryLookup>.Instance), policies, options);
        var admins = new AdminReportCommand(builder, directory, policies, options, new FakeTimeProvider(),
            NullLogger<AdminReportCommand>.Instance);
        return new AdminHoldCommand(admins, _holds, NullLogger<AdminHoldCommand>.Instance);
    }
}
