using System.Globalization;
using System.Text.Json;
using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Reports;
using TeamsBot.Storage;

using TeamsBot.Tests.Audit;

namespace TeamsBot.Tests.Reports;

/// <summary>
/// The report and <c>audit export</c> over the same range, both run as the CLI runs them: every total the report
/// gives is recomputed from the exported records and must match exactly. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class ReportReconciliationTests
{
    private const int Turns = 150;
    private const int Users = 12;
    private static readonly string[] Range = ["--from", "2026-11-02", "--to", "2026-11-06T13:30:00Z"];

    /// <summary>A fresh, migrated database: its provider name for Storage:Provider, and its connection string.</summary>
    protected abstract Task<(Microsoft.EntityFrameworkCore.IDbContextFactory<BotDbContext> Database, string Provider,
        string ConnectionString)> CreateDatabaseAsync();

    [Fact]
    public async Task RunAsync_SameRangeAsAuditExport_TotalsMatchExactly()
    {
        var (database, provider, connectionString) = await CreateDatabaseAsync();
        await ReportTestData.AppendAsync(database, Turns, Users);
        await ReportTestData.AddFeedbackAsync(database, "tenant-a", "user-1", FeedbackReaction.Like, new DateTime(2026, 11, 3, 9, 0, 0, DateTimeKind.Utc));
        await ReportTestData.AddFeedbackAsync(database, "tenant-a", "user-2", FeedbackReaction.Dislike, new DateTime(2026, 11, 4, 9, 0, 0, DateTimeKind.Utc));
        await ReportTestData.AddFeedbackAsync(database, "tenant-b", "user-3", FeedbackReaction.Like, new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
            ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
            ["Reports:PricePer1KInputTokens"] = "0.0025",
            ["Reports:PricePer1KOutputTokens"] = "0.01",
        };

        var (exportExit, export, exportError) = await RunAsync(settings, AuditCommand.RunAsync, ["export", .. Range]);
        var (reportExit, report, reportError) = await RunAsync(settings, ReportRunAsync, [.. Range, "--format", "json"]);

        Assert.True(exportExit == 0, exportError);
        Assert.True(reportExit == 0, reportError);
        var records = export.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // The range cuts the activity on both sides, so the bounds are exercised too.
        Assert.InRange(records.Count, 20, Turns - 20);
        var total = JsonDocument.Parse(report).RootElement.GetProperty("total");
        Assert.Equal(records.Count, total.GetProperty("messages").GetInt64());
        long tokensIn = records.Sum(r => Number(r, "tokensIn"));
        long tokensOut = records.Sum(r => Number(r, "tokensOut"));
        Assert.Equal(tokensIn, total.GetProperty("tokensIn").GetInt64());
        Assert.Equal(tokensOut, total.GetProperty("tokensOut").GetInt64());
        Assert.Equal(Math.Round((tokensIn * 0.0025m / 1000m) + (tokensOut * 0.01m / 1000m), 4, MidpointRounding.AwayFromZero),
            total.GetProperty("estimatedCost").GetDecimal());
        Assert.Equal(records.Select(r => (Text(r, "tenantId"), Text(r, "userId"))).Distinct().Count(),
            total.GetProperty("activeUsers").GetInt64());
        var refused = records.Where(r => Text(r, "decision") == "Refused").ToList();
        Assert.Equal(refused.Count, total.GetProperty("refused").GetInt64());
        Assert.Equal(records.Count(r => Text(r, "decision") == "Failed"), total.GetProperty("failed").GetInt64());
        Assert.Equal(refused.Count(r => Text(r, "rule")!.StartsWith("quota.", StringComparison.Ordinal)),
            total.GetProperty("quotaHits").GetInt64());
        Assert.Equal(
            refused.GroupBy(r => Text(r, "rule")!).ToDictionary(g => g.Key, g => (long)g.Count()),
            Counts(total.GetProperty("refusalsByRule")));
        Assert.Equal(
            records.Where(r => r.GetProperty("redactions").ValueKind == JsonValueKind.Object)
                .SelectMany(r => r.GetProperty("redactions").EnumerateObject())
                .GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Sum(p => p.Value.GetInt64())),
            Counts(total.GetProperty("dlpFindings")));
        Assert.Equal(1, total.GetProperty("likes").GetInt64());
        Assert.Equal(1, total.GetProperty("dislikes").GetInt64());
    }

    [Fact]
    public async Task RunAsync_Csv_TenantRowsAddUpToTheTotalRow()
    {
        var (database, provider, connectionString) = await CreateDatabaseAsync();
        await ReportTestData.AppendAsync(database, Turns, Users);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
            ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
        };

        var (exit, csv, error) = await RunAsync(settings, ReportRunAsync, [.. Range]);

        Assert.True(exit == 0, error);
        string[] lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["tenant-a", "tenant-b", "(total)"], rows.Select(r => r[2]));
        for (int column = 3; column < header.Length; column++)
        {
            if (header[column] is "active_users" or "estimated_cost")
            {
                continue;
            }

            Assert.Equal(long.Parse(rows[^1][column], CultureInfo.InvariantCulture),
                rows.SkipLast(1).Sum(r => long.Parse(r[column], CultureInfo.InvariantCulture)));
        }

        Assert.Contains("refused:quota.user_messages", header);
        Assert.Contains("dlp:github_token", header);
    }

    private static Task<int> ReportRunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken) =>
        ReportCommand.RunAsync(args, output, error, settings, configure: null, cancellationToken);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        IReadOnlyDictionary<string, string?> settings,
        Func<string[], TextWriter, TextWriter, IReadOnlyDictionary<string, string?>?, CancellationToken, Task<int>> command,
        string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        int exitCode = await command(args, output, error, settings, default);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static long Number(JsonElement record, string name) =>
        record.GetProperty(name).ValueKind == JsonValueKind.Number ? record.GetProperty(name).GetInt64() : 0;

    private static string? Text(JsonElement record, string name) => record.GetProperty(name).GetString();

    private static Dictionary<string, long> Counts(JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
