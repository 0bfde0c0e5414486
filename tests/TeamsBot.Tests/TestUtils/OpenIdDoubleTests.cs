using System.Text.Json.Nodes;
using Microsoft.Identity.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// The double, checked with the libraries the Bot Framework SDK itself uses (IdentityModel for inbound tokens, MSAL
/// for outbound tokens). The SDK's own checks (endorsements, serviceurl) run against the real app in Functional/.
/// </summary>
public sealed class OpenIdDoubleTests(OpenIdDoubleFixture fixture) : IClassFixture<OpenIdDoubleFixture>
{
    private const string AppId = OpenIdDoubleFixture.AppId;
    private const string Password = OpenIdDoubleFixture.Password;
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private readonly OpenIdDouble _openId = fixture.OpenId;
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Metadata_ReadByIdentityModelOverHttps_HasBotFrameworkIssuerAndPublishedKeys()
    {
        var configuration = await GetConfigurationAsync();

        Assert.Equal(OpenIdDouble.ChannelIssuer, configuration.Issuer);
        Assert.Equal(3, configuration.SigningKeys.Count);
        Assert.Equal("https", _openId.ChannelMetadataUrl.Scheme);
    }

    [Fact]
    public async Task Keys_Served_CarryEndorsementsPerKeyLikeBotFramework()
    {
        var metadata = JsonNode.Parse(await _http.GetStringAsync(_openId.ChannelMetadataUrl))!;
        var jwks = JsonNode.Parse(await _http.GetStringAsync(new Uri((string)metadata["jwks_uri"]!)))!;

        var keys = jwks["keys"]!.AsArray().OfType<JsonObject>().ToArray();
        Assert.All(keys, k => Assert.False(string.IsNullOrEmpty((string?)k["n"])));
        Assert.Contains(keys, k => k["endorsements"]?.AsArray().Any(e => (string?)e == "msteams") == true);
        Assert.Contains(keys, k => k["endorsements"] is JsonArray e && e.All(x => (string?)x != "msteams"));
        Assert.Contains(keys, k => k["endorsements"] is null);
    }

    [Fact]
    public async Task CreateChannelToken_Defaults_ValidForBotAudienceWithServiceUrlClaim()
    {
        var token = _openId.CreateChannelToken(new ChannelTokenOptions { ServiceUrl = ServiceUrl });

        var result = await ValidateAsync(token);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(ServiceUrl, result.Claims["serviceurl"]);
        Assert.Equal("teamsbot-test-msteams", ((JsonWebToken)result.SecurityToken).Kid);
    }

    [Theory]
    [InlineData("audience")]
    [InlineData("issuer")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("forged-signature")]
    [InlineData("unknown-kid")]
    [InlineData("hs256")]
    public async Task CreateChannelToken_Knob_FailsStandardValidation(string knob)
    {
        var now = DateTimeOffset.UtcNow;
        var options = knob switch
        {
            "audience" => new ChannelTokenOptions { Audience = Guid.NewGuid().ToString() },
            "issuer" => new ChannelTokenOptions { Issuer = "https://api.botframework.example" },
            "expired" => new ChannelTokenOptions { ExpiresAt = now.AddMinutes(-6), NotBefore = now.AddHours(-1) },
            "not-yet-valid" => new ChannelTokenOptions { NotBefore = now.AddMinutes(10) },
            "forged-signature" => new ChannelTokenOptions { Key = ChannelTokenKey.UnpublishedKeyWithKnownKid },
            "unknown-kid" => new ChannelTokenOptions { Key = ChannelTokenKey.UnpublishedKeyWithUnknownKid },
            "hs256" => new ChannelTokenOptions { Algorithm = "HS256" },
            _ => throw new ArgumentOutOfRangeException(nameof(knob)),
        };

        var result = await ValidateAsync(_openId.CreateChannelToken(options with { ServiceUrl = ServiceUrl }));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task TokenEndpoint_MsalClientCredentials_IssuesTokenTheDoubleRecognises()
    {
        var app = ConfidentialClientApplicationBuilder.Create(AppId)
            .WithAuthority(_openId.LoginUrl.ToString(), validateAuthority: false)
            .WithClientSecret(Password)
            .WithHttpClientFactory(new FixedHttpClientFactory(_http))
            .Build();

        var result = await app.AcquireTokenForClient([OpenIdDouble.ConnectorAudience + "/.default"]).ExecuteAsync();

        Assert.True(_openId.IsIssuedBearer("Bearer " + result.AccessToken));
        var request = _openId.TokenRequests.Single(r => r.IssuedAccessToken == result.AccessToken);
        Assert.Equal("client_credentials", request.GrantType);
        Assert.Equal(AppId, request.ClientId);
        Assert.True(request.ClientSecretMatched);
        Assert.Equal("https://api.botframework.com/.default", request.Scope);
    }

    [Fact]
    public async Task TokenEndpoint_WrongSecret_RefusedWithInvalidClient()
    {
        var app = ConfidentialClientApplicationBuilder.Create(AppId)
            .WithAuthority(_openId.LoginUrl.ToString(), validateAuthority: false)
            .WithClientSecret("wrong")
            .WithHttpClientFactory(new FixedHttpClientFactory(_http))
            .Build();

        var error = await Assert.ThrowsAsync<MsalServiceException>(
            () => app.AcquireTokenForClient([OpenIdDouble.ConnectorAudience + "/.default"]).ExecuteAsync());

        Assert.Equal("invalid_client", error.ErrorCode);
        var refused = _openId.TokenRequests.Where(r => !r.ClientSecretMatched).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Null(r.IssuedAccessToken));
        Assert.All(refused, r => Assert.Equal(401, r.StatusCode));
    }

    [Fact]
    public async Task TokenEndpointFailureStatus_Set_MsalSeesServiceUnavailable()
    {
        var app = ConfidentialClientApplicationBuilder.Create(AppId)
            .WithAuthority(_openId.LoginUrl.ToString(), validateAuthority: false)
            .WithClientSecret(Password)
            .WithHttpClientFactory(new FixedHttpClientFactory(_http))
            .Build();
        _openId.TokenEndpointFailureStatus = 503;
        try
        {
            var error = await Assert.ThrowsAsync<MsalServiceException>(
                () => app.AcquireTokenForClient([OpenIdDouble.ConnectorAudience + "/.default"]).ExecuteAsync());

            Assert.Equal(503, error.StatusCode);
        }
        finally
        {
            _openId.TokenEndpointFailureStatus = null;
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public void IsIssuedBearer_NotIssuedHere_False(string? header) => Assert.False(_openId.IsIssuedBearer(header));

    private async Task<OpenIdConnectConfiguration> GetConfigurationAsync()
    {
        var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            _openId.ChannelMetadataUrl.ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(_http) { RequireHttps = true });
        return await manager.GetConfigurationAsync(CancellationToken.None);
    }

    private async Task<TokenValidationResult> ValidateAsync(string token)
    {
        var configuration = await GetConfigurationAsync();
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = OpenIdDouble.ChannelIssuer,
            ValidAudience = AppId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = ["RS256", "RS384", "RS512"],
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireSignedTokens = true,
        });
    }

    private sealed class FixedHttpClientFactory(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }
}
