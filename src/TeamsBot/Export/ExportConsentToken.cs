using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TeamsBot.Audit;

namespace TeamsBot.Export;

/// <summary>
/// The consent card's context: <c>{"export":"v1.{id}.{expiry}.{mac}"}</c>. Teams hands it back in the user's accept,
/// and anyone who can post an invoke can write it, so it carries no data and is trusted only when its HMAC matches the
/// tenant and user of the invoke itself and it has not expired: user B cannot accept A's export, and nothing is kept
/// between the card and the accept. The key is derived from the audit key-encryption key, which every instance shares.
/// </summary>
internal sealed class ExportConsentToken(AuditKeyEncryptionKey keyEncryptionKey, TimeProvider clock)
{
    public const string ContextKey = "export";
    private const string Version = "v1";
    private static readonly byte[] Purpose = "teamsbot-export-consent-v1"u8.ToArray();

    /// <summary>A new token for the user, valid for <paramref name="lifetime"/>.</summary>
    public string Issue(string tenantId, string userId, TimeSpan lifetime)
    {
        string id = Base64Url(RandomNumberGenerator.GetBytes(16));
        long expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return $"{Version}.{id}.{expires.ToString(CultureInfo.InvariantCulture)}.{Mac(id, expires, tenantId, userId)}";
    }

    /// <summary>Whether the token was issued to this tenant and user by a bot holding the key, and is still valid.</summary>
    public bool IsValidFor(string? token, string tenantId, string userId)
    {
        if (token is null || token.Length > 200 || token.Split('.') is not [Version, var id, var expiresText, var mac]
            || !long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out long expires))
        {
            return false;
        }

        bool genuine = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac),
            Encoding.ASCII.GetBytes(Mac(id, expires, tenantId, userId)));
        return genuine && clock.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    private string Mac(string id, long expires, string tenantId, string userId)
    {
        byte[] key = HMACSHA256.HashData(keyEncryptionKey.Key, Purpose);
        // Each part length-prefixed, so no two different (tenant, user) pairs sign the same bytes.
        using var message = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (string part in new[] { id, expires.ToString(CultureInfo.InvariantCulture), tenantId, userId })
        {
            byte[] bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            message.Write(length);
            message.Write(bytes);
        }

        return Base64Url(HMACSHA256.HashData(key, message.ToArray()));
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
