using TeamsBot.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Audit;

/// <summary>Tampering with the SQLite file directly, the way someone with access to the server could.</summary>
public sealed class AuditChainVerifierTests : IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task VerifyAsync_EmptyLog_ValidWithNoHead()
    {
        var result = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        Assert.True(result.IsValid);
        Assert.Equal(0, result.Count);
        Assert.Null(result.HeadSequence);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET Decision = 'Allowed' WHERE Sequence = 3")]
    [InlineData("UPDATE audit_log SET TokensIn = 3, TokensOut = 6 WHERE Sequence = 3")]
    [InlineData("UPDATE audit_log SET UserId = 'someone-else' WHERE Sequence = 3")]
    [InlineData("UPDATE audit_log SET Rule = NULL WHERE Sequence = 3")]
    [InlineData("UPDATE audit_log SET Timestamp = '2026-03-02 12:00:00' WHERE Sequence = 3")]
    [InlineData("UPDATE audit_log SET ContentSha256 = NULL WHERE Sequence = 3")]
    public async Task VerifyAsync_Record3Of5Edited_BrokenAtRecord3WithHashMismatch(string edit)
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);
        await AuditTestData.TamperAsync(_file.ConnectionString, edit);

        var result = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        Assert.False(result.IsValid);
        Assert.Equal(3, result.BrokenSequence);
        Assert.Equal(AuditChainProblem.HashMismatch, result.Problem);
        Assert.Equal(2, result.Count);
        Assert.Equal(2, result.HeadSequence);
    }

    [Fact]
    public async Task VerifyAsync_Record3Deleted_BrokenAtRecord4WithSequenceGap()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);
        await AuditTestData.TamperAsync(_file.ConnectionString, "DELETE FROM audit_log WHERE Sequence = 3");

        var result = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        Assert.Equal(4, result.BrokenSequence);
        Assert.Equal(AuditChainProblem.SequenceGap, result.Problem);
        Assert.Contains("expected record 3", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_FirstRecordDeleted_BrokenAtRecord2WithSequenceGap()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 3);
        await AuditTestData.TamperAsync(_file.ConnectionString, "DELETE FROM audit_log WHERE Sequence = 1");

        var result = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        Assert.Equal((2L, AuditChainProblem.SequenceGap), (result.BrokenSequence, result.Problem));
    }

    [Fact]
    public async Task VerifyAsync_Record3RewrittenWithItsHashRecomputed_BrokenAtRecord4WithPreviousHashMismatch()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);
        using (var db = _file.CreateDbContext())
        {
            // Someone who knows the canonical form fixes up the edited record's own hash…
            var record = db.Set<AuditRecord>().Single(r => r.Sequence == 3);
            record.Decision = AuditDecision.Allowed;
            string forged = AuditHash.Compute(record);
            await AuditTestData.TamperAsync(_file.ConnectionString,
                $"UPDATE audit_log SET Decision = 'Allowed', Hash = '{forged}' WHERE Sequence = 3");
        }

        var result = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        // …but record 4 still points at the original, so the chain breaks right after it.
        Assert.Equal((4L, AuditChainProblem.PreviousHashMismatch), (result.BrokenSequence, result.Problem));
    }

    [Fact]
    public async Task VerifyAsync_StoredContentChanged_BrokenWithContentMismatch()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file, includeContent: true), 5);
        await AuditTestData.TamperAsync(_file.ConnectionString, "UPDATE audit_log SET Content = 'harmless' WHERE Sequence = 2");

        var result = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        Assert.Equal((2L, AuditChainProblem.ContentMismatch), (result.BrokenSequence, result.Problem));
    }

    [Fact]
    public async Task VerifyAsync_StoredContentErased_StillValid()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file, includeContent: true), 5);
        await AuditTestData.TamperAsync(_file.ConnectionString, "UPDATE audit_log SET Content = NULL");

        var result = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public async Task VerifyAsync_LastRecordDeleted_ValidButHeadHashChanges()
    {
        // A chain cannot prove its own tail: keep the reported head hash elsewhere and compare.
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);
        var before = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);
        await AuditTestData.TamperAsync(_file.ConnectionString, "DELETE FROM audit_log WHERE Sequence = 5");

        var after = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        Assert.True(after.IsValid);
        Assert.Equal(4, after.HeadSequence);
        Assert.NotEqual(before.HeadHash, after.HeadHash);
    }

    [Fact]
    public async Task VerifyAsync_ChainLongerThanOnePage_ValidAndBreakFoundOnLaterPage()
    {
        using (var db = _file.CreateDbContext())
        {
            string previous = AuditHash.Genesis;
            for (int n = 1; n <= 2500; n++)
            {
                var record = new AuditRecord
                {
                    Sequence = n,
                    Timestamp = AuditTestData.Start.UtcDateTime.AddSeconds(n),
                    TenantId = "t",
                    UserId = "u",
                    ConversationId = "c",
                    Scope = "Personal",
                    PolicyVersion = "p",
                    Decision = AuditDecision.Allowed,
                    PreviousHash = previous,
                    Hash = string.Empty,
                };
                record.Hash = previous = AuditHash.Compute(record);
                db.Add(record);
            }

            await db.SaveChangesAsync();
        }

        var verifier = AuditTestData.CreateVerifier(_file);
        var valid = await verifier.VerifyAsync(default);
        await AuditTestData.TamperAsync(_file.ConnectionString, "UPDATE audit_log SET UserId = 'x' WHERE Sequence = 2001");
        var broken = await verifier.VerifyAsync(default);

        Assert.Equal((true, 2500L), (valid.IsValid, valid.Count));
        Assert.Equal((2001L, 2000L), (broken.BrokenSequence, broken.Count));
    }
}
