using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsBot.Graph;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Graph;

public sealed class GraphUserDirectoryTests : IAsyncLifetime
{
    private GraphDouble _graph = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphDouble.StartAsync();
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task GetUserAsync_MembershipOverSeveralPages_CollectsEveryGroupButNotRoles()
    {
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["g1", "g2", "g3", "g4", "g5"]);

        var user = await Directory().GetUserAsync("tenant-1", "user-1", default);

        Assert.Equal(["g1", "g2", "g3", "g4", "g5"], user.GroupIds.Order());
        Assert.Equal("Finance", user.Department);
        Assert.Equal("Ann Example", user.DisplayName);
        Assert.Equal(3, _graph.Requests.Count(r => r.Contains("transitiveMemberOf", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetUserAsync_SecondCallWithinTtl_ServedFromCache()
    {
        _graph.Users["user-1"] = ("Ann", "Sales", ["g1"]);
        var directory = Directory();

        await directory.GetUserAsync("tenant-1", "user-1", default);
        int requests = _graph.Requests.Count;
        await directory.GetUserAsync("tenant-1", "user-1", default);

        Assert.Equal(requests, _graph.Requests.Count);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(403)]
    public async Task GetUserAsync_GraphErrors_ThrowsDirectoryUnavailable(int status)
    {
        _graph.Users["user-1"] = ("Ann", "Sales", ["g1"]);
        _graph.FailWith = status;

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => Directory().GetUserAsync("tenant-1", "user-1", default));
    }

    [Fact]
    public async Task GetUserAsync_GraphUnreachable_ThrowsDirectoryUnavailable()
    {
        var unreachable = new GraphServiceClient(_http, new BaseBearerTokenAuthenticationProvider(new StaticToken()),
            "http://127.0.0.1:9/v1.0");
        var directory = new GraphUserDirectory(_ => unreachable, new MemoryCache(new MemoryCacheOptions()),
            new FixedOptionsMonitor<GraphOptions>(new GraphOptions()), NullLogger<GraphUserDirectory>.Instance);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.GetUserAsync("t", "user-1", default));
    }

    private GraphUserDirectory Directory()
    {
        var client = new GraphServiceClient(_http, new BaseBearerTokenAuthenticationProvider(new StaticToken()),
            _graph.BaseUrl.ToString());
        return new GraphUserDirectory(_ => client, new MemoryCache(new MemoryCacheOptions()),
            new FixedOptionsMonitor<GraphOptions>(new GraphOptions()), NullLogger<GraphUserDirectory>.Instance);
    }

    private sealed class StaticToken : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(GraphDouble.Token);
    }
}
