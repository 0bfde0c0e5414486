using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using TeamsBot.Connector;

namespace TeamsBot.Hosting;

/// <summary>
/// Outside Development, only Teams can make the bot talk. The SDK also accepts tokens the Bot Framework Emulator
/// obtains with the bot's own app secret (which carry no <c>serviceurl</c> claim and no channel endorsement), skill
/// tokens, any channel, and answers whatever <c>serviceUrl</c> the activity names with the bot's bearer token. Here a
/// request must carry a token from the Bot Framework channel service, come from <c>msteams</c> and name an allowed
/// service URL host, all checked before the SDK authenticates, builds a connector client or sends anything.
/// </summary>
internal sealed partial class TeamsOnlyAuthentication(
    BotFrameworkAuthentication inner,
    string channelTokenIssuer,
    ServiceUrlAllowList serviceUrls,
    ILogger<TeamsOnlyAuthentication> logger) : BotFrameworkAuthentication
{
    /// <summary>The issuer of channel tokens the SDK itself would accept, from the same configuration keys.</summary>
    public static string ChannelTokenIssuerFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["ToBotFromChannelTokenIssuer"] is { Length: > 0 } configured)
        {
            return configured;
        }

        return string.Equals(configuration["ChannelService"], GovernmentAuthenticationConstants.ChannelService,
            StringComparison.OrdinalIgnoreCase)
            ? GovernmentAuthenticationConstants.ToBotFromChannelTokenIssuer
            : AuthenticationConstants.ToBotFromChannelTokenIssuer;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity,
        string authHeader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var refusal = RefusalOf(activity, authHeader);
        if (refusal is not null)
        {
            LogRefused(refusal);
            throw new UnauthorizedAccessException(refusal);
        }

        AuthenticateRequestResult result;
        try
        {
            result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            // How the SDK reports some claims it cannot use (an app id it does not expect): a refusal, not a 500.
            LogRefused("the SDK could not use the token's claims");
            throw new UnauthorizedAccessException("The token's claims do not name this bot.", exception);
        }

        result.ConnectorFactory = new AllowListedConnectorFactory(result.ConnectorFactory, serviceUrls);
        return result;
    }

    /// <summary>Web socket and named-pipe streaming is not served: refuse rather than authenticate it differently.</summary>
    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader,
        string channelIdHeader, CancellationToken cancellationToken)
    {
        LogRefused("streaming connections are not served");
        throw new UnauthorizedAccessException("Streaming connections are not served.");
    }

    /// <summary>Skill callbacks are not served (the bot is not a skill host).</summary>
    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader,
        CancellationToken cancellationToken)
    {
        LogRefused("skill callbacks are not served");
        throw new UnauthorizedAccessException("Skill callbacks are not served.");
    }

    /// <summary>Proactive sends (the answers) go through here: the stored service URL is checked again.</summary>
    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new AllowListedConnectorFactory(inner.CreateConnectorFactory(claimsIdentity), serviceUrls);

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity,
        CancellationToken cancellationToken) => inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    private string? RefusalOf(Activity activity, string? authHeader)
    {
        // Unverified on purpose: it only decides to refuse; the SDK verifies what it lets through.
        if (TokenOf(authHeader) is { } token)
        {
            if (!string.Equals(token.Issuer, channelTokenIssuer, StringComparison.Ordinal))
            {
                return "the token was not issued by the Bot Framework channel service (emulator and skill tokens are "
                    + "refused outside Development)";
            }

            // The SDK picks the bot's app id with SingleOrDefault and fails with a 500 on a second audience.
            if (token.Audiences.Take(2).Count() != 1)
            {
                return "the token does not name exactly one audience";
            }
        }

        if (!string.Equals(activity.ChannelId, Channels.Msteams, StringComparison.Ordinal))
        {
            return "the activity's channel is not msteams";
        }

        return serviceUrls.Allows(activity.ServiceUrl)
            ? null
            : "the activity's serviceUrl is not an allowed https Teams host (Connector:AllowedServiceUrlHosts)";
    }

    /// <summary>A bearer JWT, read without checking it; an unreadable one is left for the SDK to refuse.</summary>
    private static JwtSecurityToken? TokenOf(string? authHeader)
    {
        const string scheme = "Bearer ";
        if (authHeader is null || !authHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var handler = new JwtSecurityTokenHandler();
        var token = authHeader[scheme.Length..].Trim();
        return handler.CanReadToken(token) ? handler.ReadJwtToken(token) : null;
    }

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Refused an activity: {Reason}")]
    private partial void LogRefused(string reason);

    /// <summary>Refuses to build a connector client for a service URL that is not allowed.</summary>
    private sealed class AllowListedConnectorFactory(ConnectorFactory inner, ServiceUrlAllowList serviceUrls)
        : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience,
            CancellationToken cancellationToken) =>
            serviceUrls.Allows(serviceUrl)
                ? inner.CreateAsync(serviceUrl, audience, cancellationToken)
                : throw new UnauthorizedAccessException(
                    "The service URL is not an allowed Teams host (Connector:AllowedServiceUrlHosts).");
    }
}
