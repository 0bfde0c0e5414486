using System.Security.Claims;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using TeamsBot.Hosting;

namespace TeamsBot.Tests.Hosting;

/// <summary>Turns get a user-token client that refuses every call, and the SDK's own is never built.</summary>
public sealed class NoUserSignInTests
{
    [Fact]
    public async Task CreateUserTokenClient_AnyTurn_RefusingClientAndTheInnerNeverAsked()
    {
        var inner = new CountingAuthentication();
        var authentication = new NoUserSignIn(inner);

        using var client = await authentication.CreateUserTokenClientAsync(new ClaimsIdentity(), default);

        Assert.Equal(0, inner.UserTokenClientsMade);
        var refused = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetUserTokenAsync("user", "connection", "msteams", null, default));
        Assert.Contains("not served", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetSignInResourceAsync("connection", new Activity(), null, default));
        await Assert.ThrowsAsync<NotSupportedException>(
            () => client.ExchangeTokenAsync("user", "connection", "msteams", new TokenExchangeRequest(), default));
    }

    [Fact]
    public async Task Authentication_EverythingElse_LeftToTheInner()
    {
        var inner = new CountingAuthentication();
        var authentication = new NoUserSignIn(inner);

        var result = await authentication.AuthenticateRequestAsync(new Activity(), "Bearer x", default);

        Assert.Same(inner.Result, result);
        Assert.Equal("audience", authentication.GetOriginatingAudience());
    }

    private sealed class CountingAuthentication : BotFrameworkAuthentication
    {
        public AuthenticateRequestResult Result { get; } = new();

        public int UserTokenClientsMade { get; private set; }

        public override Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader,
            CancellationToken cancellationToken) => Task.FromResult(Result);

        public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader,
            string channelIdHeader, CancellationToken cancellationToken) => Task.FromResult(Result);

        public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
            throw new NotSupportedException();

        public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity,
            CancellationToken cancellationToken)
        {
            UserTokenClientsMade++;
            throw new NotSupportedException();
        }

        public override string GetOriginatingAudience() => "audience";
    }
}
