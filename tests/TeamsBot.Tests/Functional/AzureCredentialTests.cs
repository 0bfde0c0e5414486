using System.Net;
using System.Net.Sockets;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app with Azure OpenAI without a key (and a group rule, so Graph is asked), PATH holding only fake
/// az/azd/pwsh scripts: whether a managed identity answers or not, the app uses exactly the configured credential and
/// starts no developer tool. Graph grants GroupMember.Read.All only, as the admin guide says.
/// </summary>
public sealed class AzureCredentialTests : IAsyncLifetime, IDisposable
{
    private const string BotId = "28:teamsbot-dev";
    private const string AllowedGroup = "5d1b8c36-8f3e-4a57-9a0e-2c4f6b7d8e91";
    private const string ModelResource = "https://cognitiveservices.azure.com";
    private readonly FakeDeveloperTools _tools = new();
    private readonly AppOnlyTokenIssuer _tokens = new();
    private GraphDouble _graph = null!;
    private ModelServerDouble _model = null!;
    private ConnectorDouble _connector = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphDouble.StartAsync(_tokens);
        _tokens.Grant(GraphDouble.Resource, GraphDouble.GroupMemberReadAll);
        _graph.Users[TeamsActivities.UserAadObjectId] = (TeamsActivities.UserName, "Finance", [AllowedGroup]);
        _model = await ModelServerDouble.StartAsync(default);
        _connector = await ConnectorDouble.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _model.DisposeAsync();
        await _graph.DisposeAsync();
    }

    public void Dispose() => _tools.Dispose();

    [Theory]
    [InlineData(false, "TeamsBot is not allowed to use the model")]
    [InlineData(true, "Your access could not be checked")]
    public async Task Ask_NoManagedIdentityAnswers_RefusesWithoutStartingAnyProcess(bool groupRule, string expectedCard)
    {
        var options = Options(groupRule);
        // IMDS is redirected to a closed loopback port: no managed identity anywhere, as on a laptop or a plain VM.
        options.Environment["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = $"http://127.0.0.1:{ClosedPort()}";
        await using var bot = await BotProcess.StartAsync(options, default);

        var answer = await AskAsync(bot, "hello from nowhere");

        Assert.True(answer.Body.Contains(expectedCard, StringComparison.Ordinal), $"Card: {answer.Body}");
        Assert.Empty(_model.Requests);
        Assert.Empty(_tools.Started);
    }

    [Fact]
    public async Task Ask_UserAssignedManagedIdentity_GraphAndModelUseItsTokensAndNoProcessStarts()
    {
        await using var identity = await ManagedIdentityDouble.StartAsync(_tokens);
        var options = Options(groupRule: true);
        foreach (var (key, value) in identity.ChildProcessEnvironment)
        {
            options.Environment[key] = value;
        }

        options.Environment["Azure__ManagedIdentityClientId"] = "mi-client-id";
        await using var bot = await BotProcess.StartAsync(options, default);

        var answer = await AskAsync(bot, "hello from azure");

        Assert.True(answer.Body.Contains("Echo: hello from azure", StringComparison.Ordinal),
            $"Expected the model's answer. Card: {answer.Body}\nGraph: {string.Join(", ", _graph.Requests)}\nIdentity: {string.Join(", ", identity.Requests)}\nOutput:\n{bot.OutputText}");
        Assert.Empty(_graph.Denied);
        Assert.Contains((GraphDouble.Resource, "mi-client-id"), identity.Requests);
        Assert.Contains((ModelResource, "mi-client-id"), identity.Requests);
        var request = Assert.Single(_model.Requests);
        Assert.StartsWith("Bearer ", request.Authorization, StringComparison.Ordinal);
        Assert.True(_tokens.TryValidate(request.Authorization!["Bearer ".Length..], ModelResource, out _),
            "The model must receive the managed identity's token for Azure OpenAI.");
        Assert.Empty(_tools.Started);
    }

    /// <summary>Azure OpenAI without a key; with <paramref name="groupRule"/>, a group rule so Graph is asked first.</summary>
    private BotProcessOptions Options(bool groupRule)
    {
        var options = new BotProcessOptions();
        options.Environment["PATH"] = _tools.Folder;
        // No managed identity endpoint of the host running the tests leaks in.
        options.Environment["IDENTITY_ENDPOINT"] = string.Empty;
        options.Environment["IDENTITY_HEADER"] = string.Empty;
        options.Environment["MSI_ENDPOINT"] = string.Empty;
        options.Environment["AZURE_CLIENT_ID"] = string.Empty;
        options.Environment["Model__Provider"] = "AzureOpenAI";
        options.Environment["Model__Endpoint"] = _model.BaseAddress.ToString();
        options.Environment["Model__Deployment"] = "gpt-4o-prod";
        options.Environment["Model__MaxRetries"] = "0";
        options.Environment["Graph__BaseUrl"] = _graph.BaseUrl.ToString();
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        if (groupRule)
        {
            options.Environment["Policy__AllowedGroups__0"] = AllowedGroup;
        }

        return options;
    }

    private async Task<ConnectorRequest> AskAsync(BotProcess bot, string text)
    {
        string conversation = "a:credential-" + Guid.NewGuid().ToString("N");
        var activity = TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, BotId, conversation);
        using var response = await bot.PostActivityAsync(activity, null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await _connector.WaitForActivityAsync(
            a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0, TimeSpan.FromSeconds(90), default);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
