using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsBot.Graph;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Reports;

/// <summary>
/// The app's Graph directory, talking to a <see cref="GraphDouble"/> over HTTP with a token granting what the app's
/// configuration needs: GroupMember.Read.All, and User.Read.All too when it reads departments.
/// </summary>
internal static class GraphDoubleDirectory
{
    public static GraphUserDirectory Create(GraphDouble graph, HttpClient http, bool readDepartment = false,
        TimeSpan? cacheTtl = null, params string[] roles)
    {
        string token = roles.Length > 0 ? graph.TokenWith(roles)
            : readDepartment ? graph.TokenWith("GroupMember.Read.All", "User.Read.All")
            : graph.TokenWith("GroupMember.Read.All");
        var clients = new GraphClients(_ => new BaseBearerTokenAuthenticationProvider(new StaticToken(token)),
            graph.BaseUrl, http);
        return new GraphUserDirectory(clients, new MemoryCache(new MemoryCacheOptions()),
            new FixedOptionsMonitor<GraphOptions>(new GraphOptions { ReadDepartment = readDepartment, CacheTtl = cacheTtl ?? TimeSpan.FromMinutes(10) }), NullLogger<GraphUserDirectory>.Instance);
    }

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(token);
    }
}
