using System.Security.Cryptography;
using System.Text;

namespace TeamsBot.Audit;

/// <summary>
/// The encryption of audit fields, written down so an export can be checked elsewhere:
/// <list type="bullet">
/// <item>a sealed field is <c>enc1:</c> + base64 of nonce (12) ‖ ciphertext ‖ tag (16), AES-256-GCM under the
/// subject's key, with the subject id and field name as associated data (a value cannot be moved to another
/// record's person or field unnoticed);</item>
/// <item>a subject's key is wrapped the same way under the key-encryption key, with the subject id as associated data;</item>
/// <item>a sealed record's contentSha256 is HMAC-SHA256 of the UTF-8 text under HKDF-SHA256(subject key,
/// info "teamsbot-audit-content-v1") — a plain hash of a short message could be confirmed by guessing after the key is
/// gone.</item>
/// </list>
/// </summary>
internal static class AuditCipher
{
    public const string SealedPrefix = "enc1:";
    public const string ConversationIdField = "conversationId";
    public const string ContentField = "content";
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] ContentKeyInfo = Encoding.ASCII.GetBytes("teamsbot-audit-content-v1");

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    public static byte[] Wrap(ReadOnlySpan<byte> keyEncryptionKey, string subjectId, ReadOnlySpan<byte> subjectKey) =>
        Encrypt(keyEncryptionKey, Encoding.UTF8.GetBytes(subjectId), subjectKey);

    /// <summary>The subject's key; throws <see cref="CryptographicException"/> under the wrong key-encryption key.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> keyEncryptionKey, string subjectId, ReadOnlySpan<byte> wrapped) =>
        Decrypt(keyEncryptionKey, Encoding.UTF8.GetBytes(subjectId), wrapped);

    public static string? Seal(ReadOnlySpan<byte> subjectKey, string subjectId, string field, string? value) =>
        value is null
            ? null
            : SealedPrefix + Convert.ToBase64String(Encrypt(subjectKey, Associated(subjectId, field),
                Encoding.UTF8.GetBytes(value)));

    /// <summary>The plain value; a value not sealed is returned as it is (records written before sealing).</summary>
    public static string? Open(ReadOnlySpan<byte> subjectKey, string subjectId, string field, string? stored)
    {
        if (stored is null || !stored.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            return stored;
        }

        byte[] sealedBytes = Convert.FromBase64String(stored[SealedPrefix.Length..]);
        return Encoding.UTF8.GetString(Decrypt(subjectKey, Associated(subjectId, field), sealedBytes));
    }

    public static string ContentHash(ReadOnlySpan<byte> subjectKey, string text)
    {
        Span<byte> contentKey = stackalloc byte[KeyBytes];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, subjectKey, contentKey, salt: [], ContentKeyInfo);
        return Convert.ToHexStringLower(HMACSHA256.HashData(contentKey, Encoding.UTF8.GetBytes(text)));
    }

    private static byte[] Associated(string subjectId, string field) => Encoding.UTF8.GetBytes($"{subjectId}\n{field}");

    private static byte[] Encrypt(ReadOnlySpan<byte> key, byte[] associated, ReadOnlySpan<byte> plain)
    {
        byte[] output = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes, plain.Length), output.AsSpan(NonceBytes + plain.Length),
            associated);
        return output;
    }

    private static byte[] Decrypt(ReadOnlySpan<byte> key, byte[] associated, ReadOnlySpan<byte> sealedBytes)
    {
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The sealed value is too short.");
        }

        int length = sealedBytes.Length - NonceBytes - TagBytes;
        byte[] plain = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes[..NonceBytes], sealedBytes.Slice(NonceBytes, length), sealedBytes[(NonceBytes + length)..],
            plain, associated);
        return plain;
    }
}
