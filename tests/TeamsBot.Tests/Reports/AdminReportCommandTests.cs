using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Policy;
using TeamsBot.Reports;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Reports;

/// <summary>The admin command with membership read from a Graph double over HTTP.</summary>
public sealed class AdminReportCommandTests : IAsyncLifetime
{
    private const string AdminGroup = "6f1d2c3b-4a59-4e68-8d7c-0b1a2f3e4d5c";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly TempSqliteDatabase _database = new();
    private readonly HttpClient _http = new();
    private GraphDouble _graph = null!;
    private EffectivePolicy _policy = AdmissionTests.Policy();

    public async Task InitializeAsync()
    {
        _graph = await GraphDouble.StartAsync();
        _graph.Users["admin-1"] = ("Ada Admin", "IT", [AdminGroup]);
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["some-other-group"]);
        // Hourly from 40 days ago: 960 turns, 168 of them in the last 7 days and 720 in the last 30.
        var log = AuditTestData.CreateLog(_database, clock: new SteppingClock(Now.AddDays(-40).AddMinutes(30), TimeSpan.FromHours(1)));
        for (int n = 1; n <= 960; n++)
        {
            await log.AppendAsync(AuditTestData.Entry(2) with { TenantId = n % 2 == 0 ? "tenant-1" : "tenant-other" }, default);
        }
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _http.Dispose();
        _database.Dispose();
    }

    [Theory]
    [InlineData("report", 7, "84")]
    [InlineData(" Report 30 ", 30, "360")]
    public async Task TryHandleAsync_AdminInPersonalChat_SummaryOfOwnTenant(string text, int days, string messages)
    {
        var cards = await Command().TryHandleAsync(Message(text, "admin-1"), default);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains($"last {days} days", json, StringComparison.Ordinal);
        // Half the turns are another tenant's: only the admin's own count.
        Assert.Contains($"\"title\":\"Messages\",\"value\":\"{messages}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandleAsync_NotAnAdmin_NotACommand()
    {
        Assert.Null(await Command().TryHandleAsync(Message("report", "user-1"), default));
    }

    [Fact]
    public async Task TryHandleAsync_AdminInGroupChat_NotACommand()
    {
        Assert.Null(await Command().TryHandleAsync(Message("report", "admin-1", ConversationScope.GroupChat), default));
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task TryHandleAsync_GraphDown_NotACommand()
    {
        _graph.FailWith = 503;

        Assert.Null(await Command().TryHandleAsync(Message("report", "admin-1"), default));
    }

    [Fact]
    public async Task TryHandleAsync_NoAdminGroupConfigured_NotACommandAndGraphNotAsked()
    {
        Assert.Null(await Command(adminGroup: "").TryHandleAsync(Message("report", "admin-1"), default));
        Assert.Empty(_graph.Requests);
    }

    [Fact]
    public async Task TryHandleAsync_BlockedAdmin_NotACommand()
    {
        _policy = AdmissionTests.Policy(blocked: ["admin-1"]);

        Assert.Null(await Command().TryHandleAsync(Message("report", "admin-1"), default));
    }

    [Theory]
    [InlineData("report", 7)]
    [InlineData("REPORT 7.", 7)]
    [InlineData("report 30", 30)]
    [InlineData("report 14", null)]
    [InlineData("report 30 days", null)]
    [InlineData("reporting", null)]
    [InlineData("report -30", null)]
    [InlineData("please report", null)]
    public void ParseDays_Text_SevenThirtyOrNotTheCommand(string text, int? expected)
    {
        Assert.Equal(expected, AdminReportCommand.ParseDays(text));
    }

    private static IncomingMessage Message(string text, string userId, ConversationScope scope = ConversationScope.Personal) =>
        TestTurns.Incoming(text, "a1", userId: userId, scope: scope);

    private AdminReportCommand Command(string adminGroup = AdminGroup)
    {
        var directory = GraphDoubleDirectory.Create(_graph, _http);
        var policies = new DelegatePolicyProvider(() => _policy);
        var options = new FixedOptionsMonitor<ReportOptions>(new ReportOptions { AdminGroup = adminGroup });
        var builder = new UsageReportBuilder(new ActivityQuery(_database),
            new DirectoryLookup(directory, NullLogger<DirectoryLookup>.Instance), policies, options);
        return new AdminReportCommand(builder, directory, policies, options, new FakeTimeProvider(Now),
            NullLogger<AdminReportCommand>.Instance);
    }
}
