using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TeamsBot.Audit;

/// <summary>
/// A signed note of the chain's head, written outside the database: <c>{"sequence":…,"hash":…,"writtenAt":…,"mac":…}</c>
/// where mac = lowercase hex HMAC-SHA256, under Audit:CheckpointKey, of
/// <c>"teamsbot-audit-checkpoint-v1\n" sequence "\n" hash "\n" writtenAt</c> (writtenAt as in the audit export).
/// </summary>
internal sealed record AuditCheckpoint(long Sequence, string Hash, string WrittenAt, string Mac)
{
    private const string FormatTag = "teamsbot-audit-checkpoint-v1";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static AuditCheckpoint Sign(long sequence, string hash, DateTime writtenAtUtc, byte[] key)
    {
        string writtenAt = AuditHash.FormatTimestamp(writtenAtUtc);
        return new AuditCheckpoint(sequence, hash, writtenAt, ComputeMac(sequence, hash, writtenAt, key));
    }

    public bool IsSignedWith(byte[] key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ComputeMac(Sequence, Hash, WrittenAt, key)),
            Encoding.ASCII.GetBytes(Mac ?? string.Empty));

    /// <summary>The key's bytes; null when it is missing, not base64 or too short.</summary>
    public static byte[]? KeyBytes(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        try
        {
            byte[] key = Convert.FromBase64String(base64.Trim());
            return key.Length >= AuditOptionsValidator.ShortestKeyBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file in one step (write beside, then move), so a reader never sees half a checkpoint.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        string temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(this, Json), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The checkpoint in the file; null when there is none yet. Throws on a file that is not one.</summary>
    public static async Task<AuditCheckpoint?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<AuditCheckpoint>(await File.ReadAllTextAsync(path, cancellationToken), Json)
            ?? throw new InvalidOperationException($"{path} is not an audit checkpoint.");
    }

    private static string ComputeMac(long sequence, string hash, string writtenAt, byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{FormatTag}\n{sequence}\n{hash}\n{writtenAt}"))));
}
