using System.Net;
using System.Text.Json.Nodes;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// Inbound Bot Framework authentication of the real app, with real RS256 tokens from the OpenID double, and the
/// outbound token the app must obtain to answer. A rejected request must get 401 and leave nothing in the database.
/// </summary>
[Collection(AuthenticatedBotGroup.Name)]
public sealed class AuthenticationTests(AuthenticatedBotFixture fixture)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private string ServiceUrl => fixture.Connector.ServiceUrl.ToString();

    [Fact]
    public async Task PostActivity_ValidToken_AcceptedAndAnsweredWithIssuedBearer()
    {
        var marker = "valid-token-question-" + Guid.NewGuid().ToString("N");
        var activity = NewActivity(marker);
        var token = fixture.OpenId.CreateChannelToken(new ChannelTokenOptions { ServiceUrl = ServiceUrl });

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == ConversationOf(activity) && a.AdaptiveCards.Count > 0,
            AnswerTimeout,
            CancellationToken.None);
        Assert.True(fixture.OpenId.IsIssuedBearer(answer.Authorization), "the answer must carry the issued token");
        Assert.Contains(
            ModelServerDouble.EchoAnswer(marker),
            answer.AdaptiveCards[0].ToJsonString(),
            StringComparison.Ordinal);
        Assert.Contains(fixture.Model.Requests, r => r.LastUserMessage.Contains(marker, StringComparison.Ordinal));
        Assert.Contains(fixture.OpenId.TokenRequests, r => r is
        {
            GrantType: "client_credentials",
            ClientId: AuthenticatedBotFixture.AppId,
            ClientSecretMatched: true,
            Scope: "https://api.botframework.com/.default",
            StatusCode: 200,
        });
        Assert.True(await StoredAsync(activity) > 0);
    }

    [Fact]
    public async Task PostActivity_TokenExpiredWithinClockSkew_Accepted()
    {
        var now = DateTimeOffset.UtcNow;
        var activity = NewActivity("within skew");
        var token = fixture.OpenId.CreateChannelToken(new ChannelTokenOptions
        {
            ServiceUrl = ServiceUrl,
            NotBefore = now.AddHours(-1),
            ExpiresAt = now.AddMinutes(-4),
        });

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await StoredAsync(activity) > 0);
    }

    [Theory]
    [InlineData("missing Authorization header")]
    [InlineData("wrong audience")]
    [InlineData("wrong issuer")]
    [InlineData("expired beyond the 5-minute skew")]
    [InlineData("not valid yet")]
    [InlineData("signature by an unpublished key")]
    [InlineData("unknown key id")]
    [InlineData("serviceurl claim differs from activity.serviceUrl")]
    [InlineData("serviceurl claim missing")]
    [InlineData("key not endorsed for msteams")]
    [InlineData("key without endorsements")]
    [InlineData("HS256")]
    [InlineData("PS256")]
    [InlineData("not a JWT")]
    [InlineData("unsigned (alg none)")]
    public async Task PostActivity_RejectedToken_Returns401AndStoresNothing(string problem)
    {
        var activity = NewActivity("must not be stored: " + problem);
        var token = TokenWith(problem);

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);

        Assert.Equal(0, await StoredAsync(activity));
        Assert.True(
            response.StatusCode == HttpStatusCode.Unauthorized,
            $"{problem}: expected 401, got {(int)response.StatusCode}. App output (tail):\n{Tail()}");
    }

    [Fact]
    public async Task PostActivity_ServiceUrlOnUnlistedHost_RefusedAndThatHostGetsNothing()
    {
        // Another listener on this machine, reached by a host name the allow-list does not hold (only 127.0.0.1).
        await using var elsewhere = await ConnectorDouble.StartAsync(CancellationToken.None);
        var foreignUrl = new UriBuilder(elsewhere.ServiceUrl) { Host = "localhost" }.Uri;
        var activity = TeamsActivities.PersonalMessage("answer me elsewhere", foreignUrl, AuthenticatedBotFixture.AppId);
        var token = fixture.OpenId.CreateChannelToken(new ChannelTokenOptions { ServiceUrl = foreignUrl.ToString() });

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);
        // A message on the real service URL posted after it is answered: by then the refused one would have been too.
        await AnsweredAsync(NewActivity("control question"));

        Assert.True((int)response.StatusCode is >= 400 and < 500,
            $"expected 4xx, got {(int)response.StatusCode}. App output (tail):\n{Tail()}");
        Assert.Empty(elsewhere.Requests);
        Assert.Equal(0, await StoredAsync(activity));
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("emulator")]
    public async Task PostActivity_EmulatorIssuedToken_Returns401AndStoresNothing(string channelId)
    {
        var activity = NewActivity("emulator token on " + channelId);
        activity["channelId"] = channelId;
        var token = fixture.OpenId.CreateEmulatorToken();

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
            $"expected 401, got {(int)response.StatusCode}. App output (tail):\n{Tail()}");
        Assert.Equal(0, await StoredAsync(activity));
    }

    [Fact]
    public async Task PostActivity_ChannelIdEmulatorWithTeamsToken_Returns401AndStoresNothing()
    {
        var activity = NewActivity("teams token, emulator channel");
        activity["channelId"] = "emulator";
        var token = fixture.OpenId.CreateChannelToken(new ChannelTokenOptions { ServiceUrl = ServiceUrl });

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await StoredAsync(activity));
    }

    [Theory]
    [InlineData("channel token for another app")]
    [InlineData("channel token for the bot and another app")]
    [InlineData("channel token for another app and the bot")]
    [InlineData("emulator token for another app")]
    [InlineData("emulator token for the Bot Connector")]
    [InlineData("emulator token naming another app as caller")]
    public async Task PostActivity_AudienceNotTheBot_Returns401AndStoresNothing(string problem)
    {
        var activity = NewActivity("must not be stored: " + problem);
        var other = Guid.NewGuid().ToString();
        var valid = new ChannelTokenOptions { ServiceUrl = ServiceUrl };
        JsonNode audiences(params string[] values) => new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        var token = problem switch
        {
            "channel token for another app" => fixture.OpenId.CreateChannelToken(valid with { Audience = other }),
            "channel token for the bot and another app" => fixture.OpenId.CreateChannelToken(valid with
            {
                AdditionalClaims = new Dictionary<string, JsonNode?> { ["aud"] = audiences(AuthenticatedBotFixture.AppId, other) },
            }),
            "channel token for another app and the bot" => fixture.OpenId.CreateChannelToken(valid with
            {
                AdditionalClaims = new Dictionary<string, JsonNode?> { ["aud"] = audiences(other, AuthenticatedBotFixture.AppId) },
            }),
            "emulator token for another app" => fixture.OpenId.CreateEmulatorToken(audience: other),
            "emulator token for the Bot Connector" => fixture.OpenId.CreateEmulatorToken(audience: OpenIdDouble.ConnectorAudience),
            "emulator token naming another app as caller" => fixture.OpenId.CreateEmulatorToken(appId: other),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
            $"{problem}: expected 401, got {(int)response.StatusCode}. App output (tail):\n{Tail()}");
        Assert.Equal(0, await StoredAsync(activity));
    }

    [Fact]
    public async Task Logs_AfterAnsweredMessage_NeverContainTheMessageOrTheAnswer()
    {
        var marker = "log-leak-probe-" + Guid.NewGuid().ToString("N");
        var activity = NewActivity("please keep this private " + marker);
        var token = fixture.OpenId.CreateChannelToken(new ChannelTokenOptions { ServiceUrl = ServiceUrl });

        using var response = await fixture.Bot.PostActivityAsync(activity, token, CancellationToken.None);
        await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == ConversationOf(activity) && a.AdaptiveCards.Count > 0,
            AnswerTimeout,
            CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(fixture.Bot.Output, line => line.Contains(marker, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Bot.Output, line => line.Contains(token, StringComparison.Ordinal));
    }

    private static string ConversationOf(JsonObject activity) => (string)activity["conversation"]!["id"]!;

    private async Task AnsweredAsync(JsonObject activity)
    {
        using var response = await fixture.PostSignedAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == ConversationOf(activity) && a.AdaptiveCards.Count > 0,
            AnswerTimeout,
            CancellationToken.None);
    }

    private JsonObject NewActivity(string text) =>
        TeamsActivities.PersonalMessage(text, fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);

    private Task<long> StoredAsync(JsonObject activity) =>
        StoredTurns.CountForConversationAsync(fixture.Bot.DatabasePath, ConversationOf(activity), CancellationToken.None);

    /// <summary>The same header and payload with <c>"alg":"none"</c> and no signature.</summary>
    private static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);
        return header + "." + parts[1] + ".";
    }

    private string Tail() => string.Join('\n', fixture.Bot.Output.TakeLast(30));

    private string? TokenWith(string problem)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = new ChannelTokenOptions { ServiceUrl = ServiceUrl };
        return problem switch
        {
            "missing Authorization header" => null,
            "wrong audience" => fixture.OpenId.CreateChannelToken(valid with { Audience = Guid.NewGuid().ToString() }),
            "wrong issuer" => fixture.OpenId.CreateChannelToken(valid with { Issuer = "https://api.botframework.example" }),
            "expired beyond the 5-minute skew" => fixture.OpenId.CreateChannelToken(
                valid with { NotBefore = now.AddHours(-1), ExpiresAt = now.AddMinutes(-6) }),
            "not valid yet" => fixture.OpenId.CreateChannelToken(valid with { NotBefore = now.AddMinutes(10) }),
            "signature by an unpublished key" => fixture.OpenId.CreateChannelToken(
                valid with { Key = ChannelTokenKey.UnpublishedKeyWithKnownKid }),
            "unknown key id" => fixture.OpenId.CreateChannelToken(
                valid with { Key = ChannelTokenKey.UnpublishedKeyWithUnknownKid }),
            "serviceurl claim differs from activity.serviceUrl" => fixture.OpenId.CreateChannelToken(
                valid with { ServiceUrl = "https://smba.trafficmanager.net/emea/" }),
            "serviceurl claim missing" => fixture.OpenId.CreateChannelToken(valid with { ServiceUrl = null }),
            "key not endorsed for msteams" => fixture.OpenId.CreateChannelToken(
                valid with { Key = ChannelTokenKey.NotEndorsedForTeams }),
            "key without endorsements" => fixture.OpenId.CreateChannelToken(
                valid with { Key = ChannelTokenKey.WithoutEndorsements }),
            "HS256" => fixture.OpenId.CreateChannelToken(valid with { Algorithm = "HS256" }),
            "PS256" => fixture.OpenId.CreateChannelToken(valid with { Algorithm = "PS256" }),
            "not a JWT" => "not-a-jwt",
            "unsigned (alg none)" => Unsigned(fixture.OpenId.CreateChannelToken(valid)),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };
    }
}
