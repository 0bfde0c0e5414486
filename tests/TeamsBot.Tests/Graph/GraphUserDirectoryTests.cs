using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using TeamsBot.Graph;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Graph;

public sealed class GraphUserDirectoryTests : IAsyncLifetime
{
    private GraphDouble _graph = null!;
    private HttpClient _http = null!;

    /// <summary>The application permissions granted to the app on Graph; the directory's default needs only this one.</summary>
    private string[] _roles = [GraphDouble.GroupMemberReadAll];

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
    public async Task GetUserAsync_OnlyGroupMemberReadAll_ReadsGroupsWithoutTheProfile()
    {
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["g1", "g2", "g3"]);
        _roles = [GraphDouble.GroupMemberReadAll];

        var user = await Directory().GetUserAsync("tenant-1", "user-1", default);

        Assert.Equal(["g1", "g2", "g3"], user.GroupIds.Order());
        Assert.Null(user.Department);
        Assert.Empty(_graph.Denied);
        Assert.DoesNotContain(_graph.Requests, r => r.StartsWith("/v1.0/users/user-1?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetUserAsync_MembershipOverSeveralPages_CollectsEveryGroupWithTheGroupCast()
    {
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["g1", "g2", "g3", "g4", "g5"]);

        var user = await Directory().GetUserAsync("tenant-1", "user-1", default);

        Assert.Equal(["g1", "g2", "g3", "g4", "g5"], user.GroupIds.Order());
        var pages = _graph.Requests.Where(r => r.Contains("/transitiveMemberOf/graph.group", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, pages.Count);
        Assert.Contains("%24select=id", pages[0], StringComparison.Ordinal);
        Assert.Contains("%24top=999", pages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUserAsync_ReadDepartmentWithUserReadAll_ReadsOnlyTheDepartment()
    {
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["g1"]);
        _roles = [GraphDouble.GroupMemberReadAll, GraphDouble.UserReadAll];

        var user = await Directory(new GraphOptions { ReadDepartment = true }).GetUserAsync("tenant-1", "user-1", default);

        Assert.Equal("Finance", user.Department);
        Assert.Equal(["g1"], user.GroupIds);
        Assert.Contains("/v1.0/users/user-1?%24select=department", _graph.Requests);
    }

    [Fact]
    public async Task GetUserAsync_ReadDepartmentWithoutUserReadAll_ThrowsDirectoryUnavailable()
    {
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["g1"]);
        _roles = [GraphDouble.GroupMemberReadAll];

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() =>
            Directory(new GraphOptions { ReadDepartment = true }).GetUserAsync("tenant-1", "user-1", default));
        Assert.Single(_graph.Denied);
    }

    [Fact]
    public async Task GetUserAsync_NoGraphPermissionGranted_ThrowsDirectoryUnavailable()
    {
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["g1"]);
        _roles = [];

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => Directory().GetUserAsync("tenant-1", "user-1", default));
        Assert.NotEmpty(_graph.Denied);
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
        var unreachable = new GraphClients(_ => new BaseBearerTokenAuthenticationProvider(new IssuedToken(() => "unused")),
            new Uri("http://127.0.0.1:9/v1.0"), _http);
        var directory = new GraphUserDirectory(unreachable, new MemoryCache(new MemoryCacheOptions()),
            new FixedOptionsMonitor<GraphOptions>(new GraphOptions()), NullLogger<GraphUserDirectory>.Instance);

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.GetUserAsync("t", "user-1", default));
    }

    private GraphUserDirectory Directory(GraphOptions? options = null)
    {
        var clients = new GraphClients(
            _ => new BaseBearerTokenAuthenticationProvider(new IssuedToken(() => _graph.TokenWith(_roles))), _graph.BaseUrl, _http);
        return new GraphUserDirectory(clients, new MemoryCache(new MemoryCacheOptions()),
            new FixedOptionsMonitor<GraphOptions>(options ?? new GraphOptions()), NullLogger<GraphUserDirectory>.Instance);
    }

    /// <summary>An app-only token with the roles granted when the request is made.</summary>
    private sealed class IssuedToken(Func<string> issue) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(issue());
    }
}
