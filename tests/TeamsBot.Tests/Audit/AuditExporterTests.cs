using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TeamsBot.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Audit;

public sealed class AuditExporterTests : IDisposable
{
    private static readonly string[] HashedFields =
    [
        "sequence", "timestamp", "tenantId", "userId", "conversationId", "scope", "policyVersion", "decision", "rule",
        "redactions", "model", "tokensIn", "tokensOut", "latencyMs", "contentSha256", "previousHash",
    ];

    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task ExportAsync_NoBounds_OneJsonObjectPerLineWithAllFields()
    {
        var log = AuditTestData.CreateLog(_file, includeContent: true);
        await log.AppendAsync(AuditTestData.Entry(1, "line one\nline two \"quoted\""), default);
        await log.AppendAsync(AuditTestData.Entry(2) with
        {
            Decision = AuditDecision.Redacted,
            Redactions = new Dictionary<string, int> { ["email"] = 2 },
        }, default);
        var output = new StringWriter();

        long count = await AuditTestData.CreateExporter(_file).ExportAsync(null, null, output, default);

        string[] lines = output.ToString().Split('\n');
        Assert.Equal(2, count);
        Assert.Equal(3, lines.Length);
        Assert.Equal(string.Empty, lines[2]);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        var record = first.RootElement;
        Assert.Equal([.. HashedFields[..^1], "content", "previousHash", "hash", "subject"],
            record.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-03-01T12:00:00.000000Z", record.GetProperty("timestamp").GetString());
        // Stored sealed (what the hash covers); opened under "subject" while the person's key exists.
        Assert.StartsWith(AuditCipher.SealedPrefix, record.GetProperty("content").GetString(), StringComparison.Ordinal);
        var subject = record.GetProperty("subject");
        Assert.Equal("line one\nline two \"quoted\"", subject.GetProperty("content").GetString());
        Assert.Equal(("user-1", "a:conv-1"),
            (subject.GetProperty("userId").GetString(), subject.GetProperty("conversationId").GetString()));
        Assert.Equal("Refused", record.GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("redactions").ValueKind);
        Assert.Equal(2, second.RootElement.GetProperty("redactions").GetProperty("email").GetInt32());
        Assert.Equal(101, record.GetProperty("latencyMs").GetInt64());
    }

    [Fact]
    public async Task ExportAsync_PersonForgotten_TheirRecordsErasedOthersReadableChainStillVerifies()
    {
        var log = AuditTestData.CreateLog(_file, includeContent: true);
        await log.AppendAsync(AuditTestData.Entry(1, "forget this text"), default);
        await log.AppendAsync(AuditTestData.Entry(2, "keep this text"), default);
        await log.AppendAsync(AuditTestData.Entry(1, "and this one"), default);
        await using (var db = _file.CreateDbContext())
        {
            Assert.True(await AuditSubjects.ForgetAsync(db, "tenant-1", "user-1", default));
        }

        var output = new StringWriter();
        await AuditTestData.CreateExporter(_file).ExportAsync(null, null, output, default);
        var verification = await AuditTestData.CreateVerifier(_file).VerifyAsync(default);

        var subjects = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("subject")).ToList();
        Assert.Equal(["erased", "keep this text", "erased"], subjects.Select(s =>
            s.ValueKind == JsonValueKind.String ? s.GetString() : s.GetProperty("content").GetString()));
        Assert.DoesNotContain("user-1", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("forget this", output.ToString(), StringComparison.Ordinal);
        Assert.True(verification.IsValid, verification.Detail);
        Assert.Equal(3, verification.Count);
    }

    [Fact]
    public async Task ExportAsync_Lines_RecomputableFromTheDocumentedFormAlone()
    {
        // An auditor without this code: rebuild each hash from the exported fields and check the links.
        var log = AuditTestData.CreateLog(_file);
        await AuditTestData.AppendAsync(log, 3);
        await log.AppendAsync(AuditTestData.Entry(4) with { Redactions = new Dictionary<string, int> { ["iban"] = 1, ["email"] = 3 } }, default);
        var output = new StringWriter();
        await AuditTestData.CreateExporter(_file).ExportAsync(null, null, output, default);

        string previous = new('0', 64);
        foreach (string line in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var record = json.RootElement;
            Assert.Equal(previous, record.GetProperty("previousHash").GetString());
            Assert.Equal(record.GetProperty("hash").GetString(), IndependentHash(record));
            previous = record.GetProperty("hash").GetString()!;
        }
    }

    [Fact]
    public async Task ExportAsync_DateTimeBounds_Inclusive()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);
        var output = new StringWriter();

        long count = await AuditTestData.CreateExporter(_file).ExportAsync(
            new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 3, 12, 0, 0, DateTimeKind.Utc),
            output, default);

        Assert.Equal(2, count);
    }

    private static string IndependentHash(JsonElement record)
    {
        var form = new StringBuilder("teamsbot-audit-v1\n");
        foreach (string name in HashedFields)
        {
            var value = record.GetProperty(name);
            string? text = value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number => value.GetInt64().ToString(CultureInfo.InvariantCulture),
                JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
                    .Select(p => $"\"{p.Name}\":{p.Value.GetInt32()}")) + "}",
                _ => value.GetString(),
            };
            form.Append(name).Append(':')
                .Append(text is null ? "-" : $"{Encoding.UTF8.GetByteCount(text)}:{text}").Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(form.ToString())));
    }
}
