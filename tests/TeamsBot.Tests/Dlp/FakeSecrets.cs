using System.Buffers.Text;
using System.Text;

namespace TeamsBot.Tests.Dlp;

/// <summary>
/// Builds fake credentials of the right shape from a fixed seed, so tests carry no real (or real-looking
/// copied) secrets and every run uses the same values.
/// </summary>
internal static class FakeSecrets
{
    private const string Base62Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64Alphabet = Base62Alphabet + "+/";

    public static string Base62(int length, int seed = 1) => Random(Base62Alphabet, length, seed);

    public static string Base64(int length, int seed = 1) => Random(Base64Alphabet, length, seed);

    public static string AwsAccessKeyId(int seed = 1) => "AKIA" + Random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, seed);

    public static string AwsSecretKey(int seed = 1) => Base64(40, seed);

    public static string AzureAccountKey(int seed = 1) => Base64(86, seed) + "==";

    public static string AzureConnectionString(int seed = 1) =>
        $"DefaultEndpointsProtocol=https;AccountName=contosotest;AccountKey={AzureAccountKey(seed)};EndpointSuffix=core.windows.net";

    public static string GitHubToken(int seed = 1) => "ghp_" + Base62(36, seed);

    public static string GitLabToken(int seed = 1) => "glpat-" + Base62(20, seed);

    public static string SlackBotToken(int seed = 1) => "xoxb-000000000000-0000000000000-" + Base62(24, seed);

    public static string Jwt(string header = """{"alg":"HS256","typ":"JWT"}""", int seed = 1) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "."
        + Base64Url.EncodeToString("""{"sub":"test-user","name":"Test User"}"""u8) + "."
        + Base62(43, seed);

    public static string PrivateKeyPem(int seed = 1, bool withEnd = true)
    {
        var body = new StringBuilder();
        for (int line = 0; line < 4; line++)
        {
            body.Append(Base64(64, seed + line)).Append('\n');
        }

        return "-----BEGIN RSA PRIVATE KEY-----\n" + body + (withEnd ? "-----END RSA PRIVATE KEY-----" : string.Empty);
    }

    private static string Random(string alphabet, int length, int seed)
    {
        // Deterministic, well-mixed characters (xorshift), enough entropy to look like a key.
        uint state = (uint)seed * 2654435761u + 12345u;
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            chars[i] = alphabet[(int)(state % (uint)alphabet.Length)];
        }

        return new string(chars);
    }
}
