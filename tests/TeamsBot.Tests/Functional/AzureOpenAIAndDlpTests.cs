using System.Net;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app configured for Azure OpenAI (deployment routes, api-key header) against the model server double over
/// HTTP, and what DLP lets reach that server.
/// </summary>
public sealed class AzureOpenAIAndDlpTests : IAsyncLifetime
{
    private const string BotId = "28:teamsbot-dev";
    private ModelServerDouble _model = null!;
    private ConnectorDouble _connector = null!;
    private BotProcess _bot = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _connector = await ConnectorDouble.StartAsync(default);
        var options = new BotProcessOptions();
        options.Environment["Model__Provider"] = "AzureOpenAI";
        options.Environment["Model__Endpoint"] = _model.BaseAddress.ToString();
        options.Environment["Model__Deployment"] = "gpt-4o-prod";
        options.Environment["Model__ApiKey"] = "azure-test-key";
        _bot = await BotProcess.StartAsync(options, default);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Ask_AzureOpenAI_CallsTheDeploymentRouteWithTheKey()
    {
        var answer = await AskAsync("hello azure");

        var request = Assert.Single(_model.Requests);
        Assert.Equal("gpt-4o-prod", request.Deployment);
        Assert.Equal("azure-test-key", request.ApiKey);
        Assert.Contains("Echo: hello azure", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_PersonalDataAndSecret_OnlyPlaceholdersReachTheModelAndSecretsNever()
    {
        await AskAsync("Write to ann.example@contoso.com about card 4012 8888 8888 1881");
        string token = "ghp_" + new string('x', 18) + new string('Y', 18);
        var blocked = await AskAsync($"why does {token} not work");

        var sent = Assert.Single(_model.Requests).LastUserMessage;
        Assert.Equal("Write to [EMAIL_1] about card [CARD_1]", sent);
        Assert.DoesNotContain(_model.Requests, r => r.Messages.Any(m => m.Content.Contains("ghp_", StringComparison.Ordinal)));
        Assert.Contains("github_token", blocked.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, blocked.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, _bot.OutputText, StringComparison.Ordinal);
    }

    private async Task<ConnectorRequest> AskAsync(string text)
    {
        string conversation = "a:azure-" + Guid.NewGuid().ToString("N");
        var activity = TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, BotId, conversation);
        using var response = await _bot.PostActivityAsync(activity, null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await _connector.WaitForActivityAsync(
            a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0, TimeSpan.FromSeconds(30), default);
    }
}
