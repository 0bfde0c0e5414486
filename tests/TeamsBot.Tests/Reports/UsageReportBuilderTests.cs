using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Audit;
using TeamsBot.Reports;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Reports;

/// <summary>Breakdowns and k-anonymity folding, with departments and groups read from a Graph double over HTTP.</summary>
public sealed class UsageReportBuilderTests : IAsyncLifetime
{
    private const string Sales = "0b6a4a53-5c1e-4d55-9b3c-0d0a0a0a0001";
    private const string Legal = "0b6a4a53-5c1e-4d55-9b3c-0d0a0a0a0002";
    private const string Works = "0b6a4a53-5c1e-4d55-9b3c-0d0a0a0a0003";
    private static readonly ReportRequest Everything = new(
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc),
        ReportDimension.Department);

    private readonly TempSqliteDatabase _database = new();
    private readonly HttpClient _http = new();
    private GraphDouble _graph = null!;

    public async Task InitializeAsync() => _graph = await GraphDouble.StartAsync();

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _http.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task BuildAsync_ByDepartment_SmallDepartmentsFoldIntoOther()
    {
        await AddUsersAsync("Engineering", 6);
        await AddUsersAsync("Finance", 3);
        await AddUsersAsync("Board", 2);

        var report = await Builder(minGroupSize: 5).BuildAsync(Everything, default);

        Assert.Equal(["Engineering", UsageReport.OtherGroup], report.Rows.Select(r => r.Group));
        Assert.Equal([6L, 5L], report.Rows.Select(r => r.ActiveUsers));
        Assert.Equal(11, report.Total.ActiveUsers);
        Assert.Equal(0, report.UnresolvedUsers);
    }

    [Fact]
    public async Task BuildAsync_OtherStillBelowK_SmallestRemainingDepartmentJoinsIt()
    {
        await AddUsersAsync("Engineering", 7);
        await AddUsersAsync("Finance", 5);
        await AddUsersAsync("Board", 1);

        var report = await Builder(minGroupSize: 5).BuildAsync(Everything, default);

        // "other" with only the board member would describe one person: Finance (the smaller large one) joins it.
        Assert.Equal(["Engineering", UsageReport.OtherGroup], report.Rows.Select(r => r.Group));
        Assert.Equal([7L, 6L], report.Rows.Select(r => r.ActiveUsers));
        Assert.All(report.Rows, r => Assert.True(r.ActiveUsers >= 5));
    }

    [Fact]
    public async Task BuildAsync_ByGroup_UserInTwoFoldedGroupsCountsOnceInOther()
    {
        await AddUsersAsync("Engineering", 6, groups: [Sales]);
        await AddUsersAsync("Finance", 2, groups: [Legal, Works], firstUser: 100);
        await AddUsersAsync("Finance", 2, groups: [Legal], firstUser: 200);
        await AddUsersAsync("Finance", 2, groups: [Works], firstUser: 300);
        var builder = Builder(minGroupSize: 5, allowedGroups: [Sales, Legal, Works]);

        var report = await builder.BuildAsync(Everything with { Dimension = ReportDimension.Group }, default);

        // Legal and Works have 4 members each; together 6 people, not 8.
        Assert.Equal([Sales, UsageReport.OtherGroup], report.Rows.Select(r => r.Group));
        Assert.Equal([6L, 6L], report.Rows.Select(r => r.ActiveUsers));
        Assert.Equal(6, report.Rows[1].Messages);
        Assert.Equal(12, report.Total.ActiveUsers);
    }

    [Fact]
    public async Task BuildAsync_GraphDown_EveryoneUnknownAndLookupsStopEarly()
    {
        await AddUsersAsync("Engineering", 40);
        _graph.FailWith = 503;

        var report = await Builder(minGroupSize: 5).BuildAsync(Everything, default);

        var row = Assert.Single(report.Rows);
        Assert.Equal(UsageReport.UnknownGroup, row.Group);
        Assert.Equal(40, report.UnresolvedUsers);
        // Each failed lookup is one profile request; ten failures (plus those already in flight) and it stops asking.
        Assert.InRange(_graph.Requests.Count, DirectoryLookup.FailuresBeforeGivingUp, DirectoryLookup.FailuresBeforeGivingUp + 8);
    }

    [Fact]
    public async Task BuildAsync_ByTenant_DirectoryNeverAsked()
    {
        await AddUsersAsync("Engineering", 3);

        var report = await Builder(minGroupSize: 5).BuildAsync(Everything with { Dimension = ReportDimension.Tenant }, default);

        Assert.Equal(["tenant-1"], report.Rows.Select(r => r.Group));
        Assert.Empty(_graph.Requests);
    }

    /// <summary>Users n … n+count-1 in one department, each with one answered turn.</summary>
    private async Task AddUsersAsync(string department, int count, string[]? groups = null, int firstUser = 0)
    {
        int first = firstUser == 0 ? _graph.Users.Count : firstUser;
        var log = AuditTestData.CreateLog(_database);
        for (int i = first; i < first + count; i++)
        {
            string user = $"user-{i}";
            _graph.Users[user] = ("Someone", department, groups ?? []);
            await log.AppendAsync(AuditTestData.Entry(2) with { UserId = user, Decision = AuditDecision.Allowed, Rule = null }, default);
        }
    }

    private UsageReportBuilder Builder(int minGroupSize, string[]? allowedGroups = null)
    {
        var directory = GraphDoubleDirectory.Create(_graph, _http, readDepartment: true);
        var policy = AdmissionTests.Policy(groups: allowedGroups);
        return new UsageReportBuilder(new ActivityQuery(_database),
            new DirectoryLookup(directory, NullLogger<DirectoryLookup>.Instance), new DelegatePolicyProvider(() => policy),
            new FixedOptionsMonitor<ReportOptions>(new ReportOptions { MinGroupSize = minGroupSize }));
    }
}
