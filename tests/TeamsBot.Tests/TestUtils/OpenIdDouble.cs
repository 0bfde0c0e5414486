using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// HTTPS double of the Bot Framework token services, on 127.0.0.1:
/// <list type="bullet">
/// <item>inbound (channel → bot): the OpenID metadata document and the JWKS with per-key <c>endorsements</c>, as
/// served by login.botframework.com, plus <see cref="CreateChannelToken"/> to mint RS256 tokens with knobs;</item>
/// <item>outbound (bot → connector): the Entra ID v2 client-credentials token endpoint, which issues access tokens
/// that <see cref="ConnectorDouble"/> can check with <see cref="IsIssuedBearer"/>.</item>
/// </list>
/// </summary>
public sealed class OpenIdDouble : IAsyncDisposable
{
    /// <summary>The issuer of Bot Framework channel tokens.</summary>
    public const string ChannelIssuer = "https://api.botframework.com";

    /// <summary>The scope/audience of tokens the bot requests to call the Bot Connector.</summary>
    public const string ConnectorAudience = "https://api.botframework.com";

    /// <summary>The tenant of the Bot Framework service in the public cloud.</summary>
    public const string BotFrameworkTenantId = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    private const string MetadataPath = "/v1/.well-known/openidconfiguration";
    private const string KeysPath = "/v1/.well-known/keys";
    private const string EmulatorMetadataPath = "/botframework.com/v2.0/.well-known/openid-configuration";
    private const string EmulatorKeysPath = "/common/discovery/v2.0/keys";
    private const string EmulatorKid = "teamsbot-test-emulator";
    private const string TeamsKid = "teamsbot-test-msteams";
    private const string WebChatKid = "teamsbot-test-webchat";
    private const string NoEndorsementKid = "teamsbot-test-no-endorsements";

    private WebApplication? _app;
    private readonly RSA _teamsKey = RSA.Create(2048);
    private readonly RSA _webChatKey = RSA.Create(2048);
    private readonly RSA _noEndorsementKey = RSA.Create(2048);
    private readonly RSA _unpublishedKey = RSA.Create(2048);
    private readonly RSA _accessTokenKey = RSA.Create(2048);
    private readonly RSA _emulatorKey = RSA.Create(2048);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<RecordedTokenRequest> _tokenRequests = new();
    private readonly ConcurrentDictionary<string, byte> _issuedAccessTokens = new(StringComparer.Ordinal);

    private OpenIdDouble(string botAppId, string botAppPassword)
    {
        BotAppId = botAppId;
        BotAppPassword = botAppPassword;
        BaseAddress = new Uri("https://127.0.0.1/");
    }

    public string BotAppId { get; }

    public string BotAppPassword { get; }

    /// <summary>https://127.0.0.1:port/</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>Value for <c>ToBotFromChannelOpenIdMetadataUrl</c>.</summary>
    public Uri ChannelMetadataUrl => new(BaseAddress, MetadataPath);

    /// <summary>
    /// Value for <c>ToBotFromEmulatorOpenIdMetadataUrl</c>: Entra ID's document for the Bot Framework tenant, whose
    /// JWKS holds the key of <see cref="CreateEmulatorToken"/> (without endorsements, like Entra ID's keys).
    /// </summary>
    public Uri EmulatorMetadataUrl => new(BaseAddress, EmulatorMetadataPath);

    /// <summary>
    /// Value for <c>ToChannelFromBotLoginUrl</c>. The first path segment <c>dstsv2</c> makes MSAL treat the
    /// authority as one without instance discovery (an Entra ID authority would first ask the fixed host
    /// login.microsoftonline.com); the token request itself is the same client-credentials POST to
    /// <c>{authority}/oauth2/v2.0/token</c>.
    /// </summary>
    public Uri LoginUrl => new(BaseAddress, "dstsv2/" + BotFrameworkTenantId);

    /// <summary>Set to make the token endpoint fail with this status (e.g. 500, 503); null serves tokens.</summary>
    public int? TokenEndpointFailureStatus { get; set; }

    /// <summary>Every request path (method + path + query), for diagnostics.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    public IReadOnlyList<RecordedTokenRequest> TokenRequests => _tokenRequests.ToArray();

    public static async Task<OpenIdDouble> StartAsync(
        TestCertificateAuthority authority,
        string botAppId,
        string botAppPassword,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var pending = new OpenIdDouble(botAppId, botAppPassword);
        try
        {
            var (app, baseAddress) = await LoopbackHost.StartAsync(
                pending.Map, authority.ServerCertificate, cancellationToken);
            pending._app = app;
            pending.BaseAddress = baseAddress;
            return pending;
        }
        catch
        {
            await pending.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The Bot Framework keys that point an app at this double (parameterized authentication path of the SDK), plus
    /// <c>SSL_CERT_FILE</c> so the child process trusts the test CA.
    /// </summary>
    public Dictionary<string, string> BotFrameworkEnvironment(
        TestCertificateAuthority authority,
        string appType = "MultiTenant",
        string? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MicrosoftAppType"] = appType,
            ["MicrosoftAppId"] = BotAppId,
            ["MicrosoftAppPassword"] = BotAppPassword,
            ["ToBotFromChannelOpenIdMetadataUrl"] = ChannelMetadataUrl.ToString(),
            ["ToBotFromChannelTokenIssuer"] = ChannelIssuer,
            ["ToBotFromEmulatorOpenIdMetadataUrl"] = EmulatorMetadataUrl.ToString(),
            ["ToChannelFromBotLoginUrl"] = LoginUrl.ToString().TrimEnd('/'),
            ["ToChannelFromBotOAuthScope"] = ConnectorAudience,
            ["ValidateAuthority"] = "false",

            // The SDK's parameterized path builds a user-token client on every turn and throws without this.
            ["OAuthUrl"] = BaseAddress.ToString().TrimEnd('/'),
        };
        if (tenantId is not null)
        {
            environment["MicrosoftAppTenantId"] = tenantId;
        }

        foreach (var (key, value) in authority.ChildProcessEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Mints a channel → bot token. Defaults: valid for Teams, audience = bot app id, RS256.</summary>
    public string CreateChannelToken(ChannelTokenOptions? options = null)
    {
        options ??= new ChannelTokenOptions();
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["iss"] = options.Issuer ?? ChannelIssuer,
            ["aud"] = options.Audience ?? BotAppId,
            ["nbf"] = (options.NotBefore ?? now.AddMinutes(-5)).ToUnixTimeSeconds(),
            ["exp"] = (options.ExpiresAt ?? now.AddHours(1)).ToUnixTimeSeconds(),
        };
        if (options.ServiceUrl is not null)
        {
            payload["serviceurl"] = options.ServiceUrl;
        }

        foreach (var (name, value) in options.AdditionalClaims ?? new Dictionary<string, JsonNode?>())
        {
            payload[name] = value?.DeepClone();
        }

        var (key, kid) = options.Key switch
        {
            ChannelTokenKey.TeamsEndorsed => (_teamsKey, TeamsKid),
            ChannelTokenKey.NotEndorsedForTeams => (_webChatKey, WebChatKid),
            ChannelTokenKey.WithoutEndorsements => (_noEndorsementKey, NoEndorsementKid),
            ChannelTokenKey.UnpublishedKeyWithKnownKid => (_unpublishedKey, TeamsKid),
            ChannelTokenKey.UnpublishedKeyWithUnknownKid => (_unpublishedKey, "teamsbot-test-unknown"),
            ChannelTokenKey.PublishedKeyWithUnknownKid => (_teamsKey, "teamsbot-test-unknown"),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Key, "Unknown key choice."),
        };

        var header = new JsonObject { ["alg"] = options.Algorithm, ["typ"] = "JWT", ["kid"] = kid };
        var signer = options.Algorithm.StartsWith("HS", StringComparison.Ordinal)
            ? TestJwt.HmacSigner(RandomNumberGenerator.GetBytes(64), options.Algorithm)
            : TestJwt.RsaSigner(key, options.Algorithm);
        return TestJwt.Create(header, payload, signer);
    }

    /// <summary>
    /// Mints the token the Bot Framework Emulator sends: a v1 Entra ID access token of the Bot Framework tenant,
    /// obtained with the bot's app id and secret (client credentials) for the bot itself. It carries no
    /// <c>serviceurl</c> claim and its key no endorsements.
    /// </summary>
    /// <param name="audience">Null means the bot's app id, as the Emulator asks for.</param>
    /// <param name="appId">The <c>appid</c> claim; null means the bot's app id.</param>
    public string CreateEmulatorToken(string? audience = null, string? appId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["aud"] = audience ?? BotAppId,
            ["iss"] = $"https://sts.windows.net/{BotFrameworkTenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["appid"] = appId ?? BotAppId,
            ["appidacr"] = "1",
            ["tid"] = BotFrameworkTenantId,
            ["ver"] = "1.0",
        };
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = EmulatorKid };
        return TestJwt.Create(header, payload, TestJwt.RsaSigner(_emulatorKey, "RS256"));
    }

    /// <summary>
    /// True when <paramref name="authorizationHeader"/> is <c>Bearer &lt;token&gt;</c> with an access token this double
    /// issued, signed by its key, unexpired, for the connector audience and the bot's app id.
    /// </summary>
    public bool IsIssuedBearer(string? authorizationHeader)
    {
        const string prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var token = authorizationHeader[prefix.Length..];
        if (!_issuedAccessTokens.ContainsKey(token) || !TestJwt.VerifyRs256(token, _accessTokenKey))
        {
            return false;
        }

        var payload = TestJwt.ReadPayload(token);
        return (string?)payload["aud"] == ConnectorAudience
            && (string?)payload["appid"] == BotAppId
            && (long?)payload["exp"] > DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await LoopbackHost.StopAsync(_app);
        }

        _teamsKey.Dispose();
        _webChatKey.Dispose();
        _noEndorsementKey.Dispose();
        _unpublishedKey.Dispose();
        _accessTokenKey.Dispose();
        _emulatorKey.Dispose();
    }

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });

        app.MapGet(MetadataPath, context => WriteJsonAsync(context, 200, new JsonObject
        {
            ["issuer"] = ChannelIssuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = new Uri(BaseAddress, KeysPath).ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));

        app.MapGet(KeysPath, context => WriteJsonAsync(context, 200, new JsonObject
        {
            ["keys"] = new JsonArray(
                TestJwt.Jwk(_teamsKey, TeamsKid, ["msteams", "skype", "webchat"]),
                TestJwt.Jwk(_webChatKey, WebChatKid, ["webchat", "directline"]),
                TestJwt.Jwk(_noEndorsementKey, NoEndorsementKid, null)),
        }));

        // Emulator tokens are issued by Entra ID for the Bot Framework tenant to anyone holding the bot's secret.
        app.MapGet(EmulatorMetadataPath, context => WriteJsonAsync(context, 200, new JsonObject
        {
            ["issuer"] = $"https://login.microsoftonline.com/{BotFrameworkTenantId}/v2.0",
            ["authorization_endpoint"] = new Uri(BaseAddress, "botframework.com/oauth2/v2.0/authorize").ToString(),
            ["token_endpoint"] = new Uri(BaseAddress, "botframework.com/oauth2/v2.0/token").ToString(),
            ["jwks_uri"] = new Uri(BaseAddress, EmulatorKeysPath).ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));

        app.MapGet(EmulatorKeysPath, context => WriteJsonAsync(context, 200, new JsonObject
        {
            ["keys"] = new JsonArray(TestJwt.Jwk(_emulatorKey, EmulatorKid, null)),
        }));

        // Entra ID instance discovery, in case an authority type that uses it points here.
        app.MapGet("/common/discovery/instance", context =>
        {
            var host = BaseAddress.Authority;
            return WriteJsonAsync(context, 200, new JsonObject
            {
                ["tenant_discovery_endpoint"] =
                    new Uri(BaseAddress, "common/v2.0/.well-known/openid-configuration").ToString(),
                ["api-version"] = "1.1",
                ["metadata"] = new JsonArray(new JsonObject
                {
                    ["preferred_network"] = host,
                    ["preferred_cache"] = host,
                    ["aliases"] = new JsonArray(host),
                }),
            });
        });

        app.MapPost("/{**path}", HandleTokenRequestAsync);
    }

    private async Task HandleTokenRequestAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal)
            && !path.EndsWith("/oauth2/token", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : FormCollection.Empty;
        var grantType = (string?)form["grant_type"];
        var clientId = (string?)form["client_id"];
        var scope = (string?)form["scope"];
        var secretMatched = string.Equals((string?)form["client_secret"], BotAppPassword, StringComparison.Ordinal);

        if (TokenEndpointFailureStatus is { } failure)
        {
            _tokenRequests.Enqueue(new RecordedTokenRequest(path, grantType, clientId, secretMatched, scope, failure, null));
            await WriteJsonAsync(context, failure, new JsonObject
            {
                ["error"] = "temporarily_unavailable",
                ["error_description"] = "AADSTS50196: The server is temporarily unavailable (test double).",
            });
            return;
        }

        if (grantType != "client_credentials" || clientId != BotAppId || !secretMatched)
        {
            _tokenRequests.Enqueue(new RecordedTokenRequest(path, grantType, clientId, secretMatched, scope, 401, null));
            await WriteJsonAsync(context, 401, new JsonObject
            {
                ["error"] = "invalid_client",
                ["error_description"] = "AADSTS7000215: Invalid client secret provided (test double).",
                ["error_codes"] = new JsonArray(7000215),
            });
            return;
        }

        var audience = scope is null ? ConnectorAudience : scope.Split(' ')[0].Replace("/.default", string.Empty, StringComparison.Ordinal);
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = $"https://sts.windows.net/{BotFrameworkTenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["appid"] = clientId,
            ["appidacr"] = "1",
            ["tid"] = BotFrameworkTenantId,
            ["ver"] = "1.0",
        };
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = "teamsbot-test-aad" };
        var token = TestJwt.Create(header, payload, TestJwt.RsaSigner(_accessTokenKey, "RS256"));
        _issuedAccessTokens[token] = 0;
        _tokenRequests.Enqueue(new RecordedTokenRequest(path, grantType, clientId, secretMatched, scope, 200, token));
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3599,
            ["ext_expires_in"] = 3599,
            ["access_token"] = token,
        });
    }
}
