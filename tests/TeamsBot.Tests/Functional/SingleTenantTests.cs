using System.Net;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>SingleTenant (app id + password + tenant): the recommended registration for new bots.</summary>
public sealed class SingleTenantTests
{
    [Fact]
    public async Task PostActivity_SingleTenantValidToken_AnsweredWithIssuedBearer()
    {
        await using var openId = await AuthenticatedBotFixture.StartOpenIdAsync(CancellationToken.None);
        await using var connector = await ConnectorDouble.StartAsync(CancellationToken.None);
        await using var model = await ModelServerDouble.StartAsync(CancellationToken.None);
        connector.AuthorizationCheck = openId.IsIssuedBearer;
        var options = AuthenticatedBotFixture.CreateOptions(
            openId, model, appType: "SingleTenant", tenantId: TeamsActivities.TenantId);
        await using var bot = await BotProcess.StartAsync(options, CancellationToken.None);
        var activity = TeamsActivities.PersonalMessage("single tenant", connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        var conversationId = (string)activity["conversation"]!["id"]!;
        var token = openId.CreateChannelToken(new ChannelTokenOptions { ServiceUrl = connector.ServiceUrl.ToString() });

        using var response = await bot.PostActivityAsync(activity, token, CancellationToken.None);
        var answer = await connector.WaitForActivityAsync(
            a => a.ConversationId == conversationId && a.AdaptiveCards.Count > 0,
            TimeSpan.FromSeconds(30),
            CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(openId.IsIssuedBearer(answer.Authorization));
        Assert.Contains(openId.TokenRequests, r => r.StatusCode == 200 && r.ClientSecretMatched);
    }
}
