using TeamsBot.Audit;
using TeamsBot.Reports;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Reports;

public sealed class ActivityQueryTests : IDisposable
{
    private static readonly ReportRequest Everything = new(
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc),
        ReportDimension.Tenant);

    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ReadAsync_HoldsAndPurgesInTheAuditLog_CountedAsNoOnesMessages()
    {
        var log = AuditTestData.CreateLog(_database);
        await log.AppendAsync(AuditTestData.Entry(2), default);
        foreach (var decision in new[] { AuditDecision.HoldPlaced, AuditDecision.HoldLifted })
        {
            await log.AppendAsync(AuditTestData.Entry(2) with { Decision = decision, Rule = "legal-hold 1 by cli" }, default);
        }

        await log.AppendAsync(AuditTestData.Entry(4) with
        {
            TenantId = "tenant-1",
            UserId = string.Empty,
            Decision = AuditDecision.Purged,
            Rule = "retention: 3 turns, 1 conversations, 0 welcomes, 0 usage counters",
        }, default);

        var users = await new ActivityQuery(_database).ReadAsync(Everything, default);

        var user = Assert.Single(users);
        Assert.Equal(("user-2", 1L), (user.UserId, user.Messages));
    }
}
