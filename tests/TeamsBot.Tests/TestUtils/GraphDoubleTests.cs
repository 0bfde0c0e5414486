using System.Net;
using System.Net.Http.Headers;

namespace TeamsBot.Tests.TestUtils;

public sealed class GraphDoubleTests : IAsyncLifetime
{
    private GraphDouble _graph = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphDouble.StartAsync();
        _graph.Users["user-1"] = ("Ann", "Finance", ["g1"]);
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _graph.DisposeAsync();
    }

    [Theory]
    [InlineData("users/user-1?$select=department", "GroupMember.Read.All", HttpStatusCode.Forbidden)]
    [InlineData("users/user-1?$select=department", "User.ReadBasic.All", HttpStatusCode.Forbidden)]
    [InlineData("users/user-1?$select=displayName", "User.ReadBasic.All", HttpStatusCode.OK)]
    [InlineData("users/user-1?$select=department", "User.Read.All", HttpStatusCode.OK)]
    [InlineData("users/user-1/transitiveMemberOf/microsoft.graph.group?$select=id", "GroupMember.Read.All", HttpStatusCode.OK)]
    [InlineData("users/user-1/transitiveMemberOf/microsoft.graph.group?$select=id", "User.ReadBasic.All", HttpStatusCode.Forbidden)]
    [InlineData("users/user-1/transitiveMemberOf", "GroupMember.Read.All", HttpStatusCode.OK)]
    public async Task Get_GrantedRole_AnswersAsTheDocumentedPermissionsAllow(string path, string role, HttpStatusCode expected)
    {
        using var response = await GetAsync(path, _graph.TokenWith(role));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("Authorization_RequestDenied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_TokenFromAnotherIssuer_Answers401()
    {
        var stranger = new AppOnlyTokenIssuer();
        stranger.Grant(GraphDouble.Resource, GraphDouble.UserReadAll);

        using var response = await GetAsync("users/user-1", stranger.Issue(GraphDouble.Resource));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_TokenForAnotherResource_Answers401()
    {
        _graph.Tokens.Grant("https://cognitiveservices.azure.com", GraphDouble.UserReadAll);

        using var response = await GetAsync("users/user-1", _graph.Tokens.Issue("https://cognitiveservices.azure.com"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_graph.BaseUrl + "/" + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }
}
