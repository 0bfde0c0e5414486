using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Entra ID's part in app-only tokens, for the resource doubles: an admin grants application permissions per
/// resource (<see cref="Grant"/>), <see cref="Issue"/> mints an HS256 JWT whose <c>roles</c> claim carries exactly
/// those, and <see cref="TryValidate"/> is what a resource double checks before it looks at the roles.
/// </summary>
public sealed class AppOnlyTokenIssuer
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, string[]> _grants = new(StringComparer.OrdinalIgnoreCase);

    public string TenantId { get; init; } = TeamsActivities.TenantId;

    /// <summary>Every token issued so far (to check that a client sent one of ours).</summary>
    public ConcurrentQueue<string> Issued { get; } = new();

    /// <summary>Grants (replaces) the application permissions the app holds on <paramref name="resource"/>.</summary>
    public void Grant(string resource, params string[] roles) => _grants[resource.TrimEnd('/')] = roles;

    /// <summary>The granted permissions on <paramref name="resource"/>, none when nothing was granted.</summary>
    public IReadOnlyList<string> GrantedRoles(string resource) =>
        _grants.TryGetValue(resource.TrimEnd('/'), out var roles) ? roles : [];

    /// <summary>An app-only access token for <paramref name="resource"/> (its <c>aud</c>), valid for an hour.</summary>
    public string Issue(string resource, string appId = "teamsbot-app")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["aud"] = resource.TrimEnd('/'),
            ["iss"] = $"https://sts.windows.net/{TenantId}/",
            ["tid"] = TenantId,
            ["appid"] = appId,
            ["idtyp"] = "app",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
            ["roles"] = new JsonArray([.. GrantedRoles(resource).Select(r => (JsonNode?)JsonValue.Create(r))]),
        };
        var token = TestJwt.Create(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }, payload, TestJwt.HmacSigner(_key, "HS256"));
        Issued.Enqueue(token);
        return token;
    }

    /// <summary>True for an unexpired token this issuer signed for <paramref name="resource"/>; gives its roles.</summary>
    public bool TryValidate(string? token, string resource, out IReadOnlySet<string> roles)
    {
        roles = new HashSet<string>();
        var parts = token?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }

        var expected = TestJwt.HmacSigner(_key, "HS256")(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        byte[] actual;
        try
        {
            actual = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return false;
        }

        var payload = TestJwt.ReadPayload(token!);
        if (payload["aud"]?.GetValue<string>() != resource.TrimEnd('/')
            || payload["exp"]?.GetValue<long>() < DateTimeOffset.UtcNow.ToUnixTimeSeconds()
            || payload["idtyp"]?.GetValue<string>() != "app")
        {
            return false;
        }

        roles = (payload["roles"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        return true;
    }
}
