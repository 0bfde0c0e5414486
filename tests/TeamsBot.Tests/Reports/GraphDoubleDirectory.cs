using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsBot.Graph;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Reports;

/// <summary>
/// The app's Graph directory, talking to a <see cref="GraphDouble"/> over HTTP with a token granting what the app's
/// default configuration needs: GroupMember.Read.All.
/// </summary>
internal static class GraphDoubleDirectory
{
    public static GraphUserDirectory Create(GraphDouble graph, HttpClient http)
    {
        var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new StaticToken(graph.TokenWith("GroupMember.Read.All"))),
            graph.BaseUrl.ToString());
        return new GraphUserDirectory(_ => client, new MemoryCache(new MemoryCacheOptions()),
            new FixedOptionsMonitor<GraphOptions>(new GraphOptions()), NullLogger<GraphUserDirectory>.Instance);
    }

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
