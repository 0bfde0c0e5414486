using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Hand-rolled compact JWS so tests control every byte of header and payload (no library normalises anything).
/// </summary>
internal static class TestJwt
{
    public static string Create(JsonObject header, JsonObject payload, Func<byte[], byte[]> sign)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public static Func<byte[], byte[]> RsaSigner(RSA key, string algorithm) => algorithm switch
    {
        "RS256" => data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "RS384" => data => key.SignData(data, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        "RS512" => data => key.SignData(data, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        "PS256" => data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an RSA algorithm."),
    };

    public static Func<byte[], byte[]> HmacSigner(byte[] secret, string algorithm) => algorithm switch
    {
        "HS256" => data => HMACSHA256.HashData(secret, data),
        "HS384" => data => HMACSHA384.HashData(secret, data),
        "HS512" => data => HMACSHA512.HashData(secret, data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an HMAC algorithm."),
    };

    /// <summary>Decodes the payload of a compact JWT without checking anything.</summary>
    public static JsonObject ReadPayload(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("Not a compact JWS.");
        }

        return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
    }

    public static bool VerifyRs256(string token, RSA key)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]));
        if ((string?)header?["alg"] != "RS256")
        {
            return false;
        }

        return key.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
    }

    public static JsonObject Jwk(RSA key, string kid, IEnumerable<string>? endorsements)
    {
        var parameters = key.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
        if (endorsements is not null)
        {
            jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray());
        }

        return jwk;
    }

    private static string Encode(JsonObject json) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(json));
}
