using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;
using TeamsBot.Storage;

namespace TeamsBot.Tests.Audit;

/// <summary>The audit log's contract, run against each storage provider.</summary>
public abstract class AuditLogTests : IAsyncLifetime
{
    private IDbContextFactory<BotDbContext> _database = null!;

    public async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    [Fact]
    public async Task AppendAsync_FiveEntries_VerifyReportsOkWithHead()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_database), 5);

        var result = await AuditTestData.CreateVerifier(_database).VerifyAsync(default);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(5, result.Count);
        Assert.Equal(5, result.HeadSequence);
        var records = await ReadAllAsync();
        Assert.Equal(records[^1].Hash, result.HeadHash);
        Assert.Equal(AuditHash.Genesis, records[0].PreviousHash);
        Assert.All(records.Skip(1), (r, i) => Assert.Equal(records[i].Hash, r.PreviousHash));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentFromManyTasks_ChainIsValidAndGapless()
    {
        const int Tasks = 8;
        const int PerTask = 10;
        // One log per task, as separate app instances would have; each append opens its own connection.
        var writers = Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var log = AuditTestData.CreateLog(_database, clock: TimeProvider.System);
            for (int i = 0; i < PerTask; i++)
            {
                await log.AppendAsync(AuditTestData.Entry((t * PerTask) + i + 1), default);
            }
        }));
        await Task.WhenAll(writers);

        var result = await AuditTestData.CreateVerifier(_database).VerifyAsync(default);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(Tasks * PerTask, result.Count);
        var records = await ReadAllAsync();
        Assert.Equal(Enumerable.Range(1, Tasks * PerTask).Select(n => (long)n), records.Select(r => r.Sequence));
        Assert.Equal(Tasks * PerTask, records.Select(r => r.UserId).Distinct().Count());
        Assert.Equal(records.Select(r => r.Timestamp).Order(), records.Select(r => r.Timestamp));
    }

    [Fact]
    public async Task AppendAsync_IncludeContentFalse_StoresSha256HexButNoText()
    {
        const string Text = "hello world";
        await AuditTestData.CreateLog(_database).AppendAsync(AuditTestData.Entry(1, Text), default);

        var record = Assert.Single(await ReadAllAsync());

        Assert.Null(record.Content);
        // Keyed by the person's key: the plain SHA-256 of a short text could be confirmed by guessing once erased.
        Assert.NotEqual("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", record.ContentSha256);
        Assert.Equal((await AuditTestData.OpenAsync(_database, record, Text)).ContentHash, record.ContentSha256);
        var stored = typeof(AuditRecord).GetProperties().Where(p => p.PropertyType == typeof(string))
            .Select(p => (string?)p.GetValue(record));
        Assert.DoesNotContain(stored, value => value?.Contains("hello", StringComparison.OrdinalIgnoreCase) == true
            || value?.Contains("user-1", StringComparison.Ordinal) == true
            || value?.Contains("conv-1", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AppendAsync_IncludeContentTrue_StoresTextAndItsHash()
    {
        await AuditTestData.CreateLog(_database, includeContent: true)
            .AppendAsync(AuditTestData.Entry(1, "hello world"), default);

        var record = Assert.Single(await ReadAllAsync());

        var opened = await AuditTestData.OpenAsync(_database, record, "hello world");
        Assert.StartsWith(AuditCipher.SealedPrefix, record.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("hello", record.Content, StringComparison.Ordinal);
        Assert.Equal("hello world", opened.Content);
        Assert.Equal(opened.ContentHash, record.ContentSha256);
    }

    [Fact]
    public async Task AppendAsync_AllFields_StoredAsGivenWithMicrosecondUtcTime()
    {
        var clock = new SteppingClock(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567),
            TimeSpan.Zero);
        var entry = AuditTestData.Entry(2) with
        {
            Decision = AuditDecision.Redacted,
            Redactions = new Dictionary<string, int> { ["iban"] = 1, ["email"] = 2 },
            Latency = TimeSpan.FromMilliseconds(1234.4),
        };

        await AuditTestData.CreateLog(_database, clock: clock).AppendAsync(entry, default);

        var record = Assert.Single(await ReadAllAsync());
        Assert.Equal(new DateTime(2026, 3, 1, 7, 30, 0, DateTimeKind.Utc).AddTicks(1_234_560), record.Timestamp);
        Assert.Equal(DateTimeKind.Utc, record.Timestamp.Kind);
        var opened = await AuditTestData.OpenAsync(_database, record, "message 2");
        Assert.StartsWith(AuditSubjects.StoredPrefix, record.UserId, StringComparison.Ordinal);
        Assert.Equal(("tenant-1", "user-2", "a:conv-1", "Personal", "policy-2026-03"),
            (record.TenantId, opened.UserId, opened.ConversationId, record.Scope, record.PolicyVersion));
        Assert.Equal(AuditDecision.Redacted, record.Decision);
        Assert.Equal("""{"email":2,"iban":1}""", record.Redactions);
        Assert.Equal(("gpt-4o", 20, 40, 1234L), (record.Model, record.TokensIn, record.TokensOut, record.LatencyMs));
        Assert.Equal(AuditHash.Compute(record), record.Hash);
    }

    [Fact]
    public async Task Database_UpdateOrDeleteOfAuditRow_Rejected()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_database), 2);
        await using var db = await _database.CreateDbContextAsync();
        var rows = db.Set<AuditRecord>().Where(r => r.Sequence == 1);

        await Assert.ThrowsAnyAsync<DbException>(() =>
            rows.ExecuteUpdateAsync(s => s.SetProperty(r => r.Decision, AuditDecision.Allowed)));
        await Assert.ThrowsAnyAsync<DbException>(() => rows.ExecuteDeleteAsync());
        Assert.Equal(2, await db.Set<AuditRecord>().CountAsync());
    }

    [Fact]
    public async Task ExportAsync_FromToDates_OnlyRecordsOfThoseDays()
    {
        // One record a day at noon, 1 to 5 March.
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_database), 5);
        Assert.True(AuditCommandLine.TryParseTime("2026-03-02", endOfDay: false, out var from));
        Assert.True(AuditCommandLine.TryParseTime("2026-03-04", endOfDay: true, out var to));
        var output = new StringWriter();

        long count = await AuditTestData.CreateExporter(_database).ExportAsync(from, to, output, default);

        Assert.Equal(3, count);
        Assert.Equal(["2", "3", "4"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("sequence").GetRawText()));
    }

    private async Task<List<AuditRecord>> ReadAllAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Set<AuditRecord>().AsNoTracking().OrderBy(r => r.Sequence).ToListAsync();
    }
}
