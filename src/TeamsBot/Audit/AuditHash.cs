using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TeamsBot.Audit;

/// <summary>
/// The canonical form of an audit record and its hash. Written down exactly so anyone can re-check an export without
/// this code; change it only together with the version tag.
/// <code>
/// canonical = "teamsbot-audit-v1\n" field*
/// field     = name ":" ( "-" | length ":" value ) "\n"
/// </code>
/// <c>value</c> is UTF-8 and <c>length</c> its byte count in decimal; "-" means null. The length prefix makes the
/// form unambiguous whatever a value contains (newlines, colons). Fields, in this order, named as in the export:
/// sequence, timestamp, tenantId, userId, conversationId, scope, policyVersion, decision, rule, redactions, model,
/// tokensIn, tokensOut, latencyMs, contentSha256, previousHash.
/// <list type="bullet">
/// <item>numbers: invariant decimal; timestamp: UTC <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>; decision: its name.</item>
/// <item>redactions: compact JSON, keys sorted ordinally, e.g. <c>{"email":2,"iban":1}</c>.</item>
/// <item>previousHash: the previous record's hash; 64 "0" for sequence 1.</item>
/// </list>
/// hash = lowercase hex SHA-256 of the canonical bytes. Example (sequence 1, nothing optional set):
/// <code>
/// teamsbot-audit-v1
/// sequence:1:1
/// timestamp:27:2026-03-01T09:30:00.123456Z
/// tenantId:8:tenant-1
/// …
/// rule:-
/// …
/// previousHash:64:0000000000000000000000000000000000000000000000000000000000000000
/// </code>
/// The message text is not a field: contentSha256 stands for it, so altered text is still detected (the verifier
/// compares it with its hash) while an operator can erase stored text without breaking the chain.
/// </summary>
internal static partial class AuditHash
{
    public const string FormatTag = "teamsbot-audit-v1";

    public static readonly string Genesis = new('0', 64);

    public static string Compute(AuditRecord record) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(record)));

    public static string ContentHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string FormatTimestamp(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Drops the 100 ns ticks PostgreSQL cannot store, so the value hashed is the value read back.</summary>
    public static DateTime TruncateToMicroseconds(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    /// <summary>The stored form of a redaction summary; null when there is nothing to report.</summary>
    public static string? SerializeRedactions(IReadOnlyDictionary<string, int>? redactions)
    {
        if (redactions is null || redactions.Count == 0)
        {
            return null;
        }

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (detector, count) in redactions.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                // A narrow id alphabet keeps the JSON free of escapes, so every JSON library writes it the same way.
                if (!DetectorIdRegex().IsMatch(detector))
                {
                    throw new ArgumentException($"Redaction detector id '{detector}' must be 1-71 characters of A-Z a-z 0-9 . _ -.",
                        nameof(redactions));
                }

                ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(redactions));
                json.WriteNumber(detector, count);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static byte[] CanonicalBytes(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var form = new MemoryStream();
        Append(form, FormatTag);
        form.WriteByte((byte)'\n');
        Field(form, "sequence", Number(record.Sequence));
        Field(form, "timestamp", FormatTimestamp(record.Timestamp));
        Field(form, "tenantId", record.TenantId);
        Field(form, "userId", record.UserId);
        Field(form, "conversationId", record.ConversationId);
        Field(form, "scope", record.Scope);
        Field(form, "policyVersion", record.PolicyVersion);
        Field(form, "decision", record.Decision.ToString());
        Field(form, "rule", record.Rule);
        Field(form, "redactions", record.Redactions);
        Field(form, "model", record.Model);
        Field(form, "tokensIn", Number(record.TokensIn));
        Field(form, "tokensOut", Number(record.TokensOut));
        Field(form, "latencyMs", Number(record.LatencyMs));
        Field(form, "contentSha256", record.ContentSha256);
        Field(form, "previousHash", record.PreviousHash);
        return form.ToArray();
    }

    private static void Field(MemoryStream form, string name, string? value)
    {
        Append(form, name);
        form.WriteByte((byte)':');
        if (value is null)
        {
            form.WriteByte((byte)'-');
        }
        else
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            Append(form, Number(bytes.Length)!);
            form.WriteByte((byte)':');
            form.Write(bytes);
        }

        form.WriteByte((byte)'\n');
    }

    private static void Append(MemoryStream form, string ascii) => form.Write(Encoding.ASCII.GetBytes(ascii));

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    // 71: a 64-character rule id behind the answer prefix ("answer.").
    [GeneratedRegex("^[A-Za-z0-9._-]{1,71}$")]
    private static partial Regex DetectorIdRegex();
}
