using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace TeamsBot.Hosting;

/// <summary>
/// The bot signs no user in: it has no OAuth connection, reads the directory with its own identity, and talks to no
/// token service. The SDK still builds a user-token client (a REST client for the Bot Framework token service, whose
/// construction compiles regular expressions) for every turn, inbound and proactive, to put in the turn state. Here
/// every turn gets this one instead, which refuses each call.
/// </summary>
internal sealed class NoUserSignIn(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    public override Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader,
        CancellationToken cancellationToken) => inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader,
        string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader,
        CancellationToken cancellationToken) => inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        inner.CreateConnectorFactory(claimsIdentity);

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity,
        CancellationToken cancellationToken) => Task.FromResult<UserTokenClient>(RefusingUserTokenClient.Instance);

    /// <summary>Stateless and never disposed of in earnest, so one serves every turn.</summary>
    internal sealed class RefusingUserTokenClient : UserTokenClient
    {
        public static readonly RefusingUserTokenClient Instance = new();

        private RefusingUserTokenClient()
        {
        }

        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId,
            string magicCode, CancellationToken cancellationToken) => throw Refused();

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity,
            string finalRedirect, CancellationToken cancellationToken) => throw Refused();

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId,
            CancellationToken cancellationToken) => throw Refused();

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter,
            CancellationToken cancellationToken) => throw Refused();

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName,
            string[] resourceUrls, string channelId, CancellationToken cancellationToken) => throw Refused();

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId,
            TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) => throw Refused();

        private static NotSupportedException Refused() =>
            new("User sign-in is not served: the bot has no OAuth connection and calls no token service.");
    }
}
