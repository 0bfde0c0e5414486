using System.Text;
using TeamsBot.Audit;

namespace TeamsBot.Tests.Audit;

public sealed class AuditHashTests
{
    private static AuditRecord Sample() => new()
    {
        Sequence = 1,
        Timestamp = new DateTime(2026, 3, 1, 9, 30, 0, DateTimeKind.Utc).AddTicks(1_234_560),
        TenantId = "tenant-1",
        UserId = "user-1",
        ConversationId = "a:conv-1",
        Scope = "Personal",
        PolicyVersion = "v1",
        Decision = AuditDecision.Redacted,
        Redactions = """{"email":2}""",
        TokensIn = 12,
        ContentSha256 = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
        PreviousHash = AuditHash.Genesis,
        Hash = string.Empty,
    };

    [Fact]
    public void CanonicalBytes_Sample_MatchesTheDocumentedForm()
    {
        string expected = """
            teamsbot-audit-v1
            sequence:1:1
            timestamp:27:2026-03-01T09:30:00.123456Z
            tenantId:8:tenant-1
            userId:6:user-1
            conversationId:8:a:conv-1
            scope:8:Personal
            policyVersion:2:v1
            decision:8:Redacted
            rule:-
            redactions:11:{"email":2}
            model:-
            tokensIn:2:12
            tokensOut:-
            latencyMs:-
            contentSha256:64:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
            previousHash:64:0000000000000000000000000000000000000000000000000000000000000000

            """;

        Assert.Equal(expected, Encoding.UTF8.GetString(AuditHash.CanonicalBytes(Sample())));
    }

    [Fact]
    public void Compute_Sample_IsPinned()
    {
        // Computed with Python from the documented form; pinned, as a silent change would break every stored chain.
        Assert.Equal("02f9527d32988fa4e20e841b8bae41e0e06f60ef7e0a7f8fbbd8961c5c0472f3", AuditHash.Compute(Sample()));
    }

    [Fact]
    public void CanonicalBytes_ValueWithNewlineAndColon_StaysUnambiguous()
    {
        var split = Sample();
        split.Rule = "a\nmodel:1:x";
        var separate = Sample();
        separate.Rule = "a";
        separate.Model = "x";

        Assert.NotEqual(AuditHash.Compute(split), AuditHash.Compute(separate));
        Assert.Contains("rule:11:a\nmodel:1:x\n", Encoding.UTF8.GetString(AuditHash.CanonicalBytes(split)), StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalBytes_NonAsciiValue_LengthCountsUtf8Bytes()
    {
        var record = Sample();
        record.Rule = "é";

        Assert.Contains("rule:2:é\n", Encoding.UTF8.GetString(AuditHash.CanonicalBytes(record)), StringComparison.Ordinal);
    }

    [Fact]
    public void SerializeRedactions_UnsortedKeys_CompactSortedJson()
    {
        var json = AuditHash.SerializeRedactions(new Dictionary<string, int> { ["iban"] = 1, ["aws_access_key"] = 3, ["email"] = 2 });

        Assert.Equal("""{"aws_access_key":3,"email":2,"iban":1}""", json);
    }

    [Fact]
    public void SerializeRedactions_NoneOrEmpty_Null()
    {
        Assert.Null(AuditHash.SerializeRedactions(null));
        Assert.Null(AuditHash.SerializeRedactions(new Dictionary<string, int>()));
    }

    [Fact]
    public void SerializeRedactions_AnswerCountOfTheLongestCustomRuleId_Kept()
    {
        string id = AuditEntry.AnswerRedactionPrefix + new string('r', 64);

        var json = AuditHash.SerializeRedactions(new Dictionary<string, int> { [id] = 1, ["email"] = 2 });

        Assert.Equal($$"""{"{{id}}":1,"email":2}""", json);
        Assert.ThrowsAny<ArgumentException>(() => AuditHash.SerializeRedactions(new Dictionary<string, int> { [id + "r"] = 1 }));
    }

    [Theory]
    [InlineData("e\"mail", 1)]
    [InlineData("", 1)]
    [InlineData("email", -1)]
    public void SerializeRedactions_BadIdOrCount_Throws(string detector, int count) =>
        Assert.ThrowsAny<ArgumentException>(() => AuditHash.SerializeRedactions(new Dictionary<string, int> { [detector] = count }));

    [Fact]
    public void TruncateToMicroseconds_SubMicrosecondTicks_DroppedAndUtc()
    {
        var time = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);

        var truncated = AuditHash.TruncateToMicroseconds(time);

        Assert.Equal(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560), truncated);
        Assert.Equal(DateTimeKind.Utc, truncated.Kind);
    }
}
