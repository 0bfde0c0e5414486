using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Audit;

/// <summary>
/// An intruder with write access to the database drops the append-only triggers, then cuts or rewrites the chain and
/// re-hashes it: consistent in itself, so only the signed checkpoint outside the database can tell.
/// </summary>
public sealed class AuditCheckpointTests : IDisposable
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly TempSqliteDatabase _database = new();
    private readonly string _checkpoint;

    public AuditCheckpointTests() => _checkpoint = Path.Combine(Path.GetDirectoryName(_database.Path)!, "audit.checkpoint");

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Verify_ChainReachesTheCheckpoint_Ok()
    {
        await AppendAndCheckpointAsync();

        var (exit, output) = await VerifyAsync();

        Assert.Equal((AuditCommand.ExitOk, true), (exit, output.StartsWith("Audit chain OK: 3 records", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Verify_NewestRecordRemovedWithTriggersDropped_Broken()
    {
        await AppendAndCheckpointAsync();
        await TamperAsync("DELETE FROM audit_log WHERE \"Sequence\" = 3");

        var (exit, output) = await VerifyAsync();

        Assert.Equal(AuditCommand.ExitChainBroken, exit);
        Assert.Contains("records were removed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChainRewrittenAndRehashed_Broken()
    {
        await AppendAndCheckpointAsync();
        await using (var db = _database.CreateDbContext())
        {
            await DropTriggersAsync(db);
            // Record 3 re-written with another decision and re-hashed: the chain stays consistent.
            var record = await db.Set<AuditRecord>().SingleAsync(r => r.Sequence == 3);
            record.Decision = AuditDecision.Allowed;
            record.Rule = null;
            record.Hash = AuditHash.Compute(record);
            await db.SaveChangesAsync();
        }

        var (exit, output) = await VerifyAsync();

        Assert.Equal(AuditCommand.ExitChainBroken, exit);
        Assert.Contains("the chain was rewritten", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CheckpointEditedToAnEarlierRecord_Broken()
    {
        await AppendAndCheckpointAsync();
        var json = JsonNode.Parse(await File.ReadAllTextAsync(_checkpoint))!;
        json["sequence"] = 2;
        await File.WriteAllTextAsync(_checkpoint, json.ToJsonString());

        var (exit, output) = await VerifyAsync();

        Assert.Equal(AuditCommand.ExitChainBroken, exit);
        Assert.Contains("signature does not match", output, StringComparison.Ordinal);
    }

    private async Task AppendAndCheckpointAsync()
    {
        var log = AuditTestData.CreateLog(_database);
        for (int n = 1; n <= 3; n++)
        {
            await log.AppendAsync(AuditTestData.Entry(n), default);
        }

        var writer = new AuditCheckpointWriter(_database, Options.Create(new AuditOptions()), TimeProvider.System,
            NullLogger<AuditCheckpointWriter>.Instance);
        await writer.WriteAsync(_checkpoint, Key, default);
    }

    private async Task TamperAsync(string sql)
    {
        await using var db = _database.CreateDbContext();
        await DropTriggersAsync(db);
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task DropTriggersAsync(DbContext db)
    {
        var triggers = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").ToListAsync();
        Assert.NotEmpty(triggers);
        foreach (string trigger in triggers)
        {
            string drop = $"DROP TRIGGER \"{trigger}\"";
            await db.Database.ExecuteSqlRawAsync(drop);
        }
    }

    private async Task<(int Exit, string Output)> VerifyAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await AuditCommand.RunAsync(["verify"], output, error, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _database.ConnectionString,
            ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
            ["Audit:CheckpointPath"] = _checkpoint,
            ["Audit:CheckpointKey"] = Convert.ToBase64String(Key),
        }, default);
        return (exit, output.ToString() + error);
    }
}
