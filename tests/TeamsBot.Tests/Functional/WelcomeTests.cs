using System.Net;
using System.Text.Json.Nodes;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>The welcome card on install, through the real app: once per conversation, short in channels, policy first.</summary>
[Collection(DevelopmentBotGroup.Name)]
public sealed class WelcomeTests(DevelopmentBotFixture fixture)
{
    private const string Bot = DevelopmentBotFixture.BotAppId;
    private const string BotMember = "28:" + DevelopmentBotFixture.BotAppId;
    private const string Title = "Welcome to " + TeamsActivities.BotName;
    private readonly ConnectorDouble _connector = fixture.Connector;
    private readonly BotProcess _bot = fixture.Bot;

    [Fact]
    public async Task Install_PersonalThenConversationUpdateForTheSameChat_OneWelcomeCard()
    {
        string conversation = "a:welcome-" + Guid.NewGuid().ToString("N");

        await PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation));
        await PostAsync(TeamsActivities.ConversationUpdate(_connector.ServiceUrl, Bot, conversation, "personal", BotMember));
        await PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation));

        var card = Assert.Single(CardsIn(conversation));
        string text = Texts(card);
        Assert.StartsWith(Title + "\n", text, StringComparison.Ordinal);
        Assert.Contains("private", text, StringComparison.Ordinal);
        Assert.Contains("Just write your question here", text, StringComparison.Ordinal);
        Assert.Equal(["new", "help", "usage", "forget me", "export", "files"], Facts(card));
        var action = Assert.Single(card["actions"]!.AsArray());
        Assert.Equal(("Action.OpenUrl", "Usage policy", DevelopmentBotFixture.PolicyUrl.ToString()),
            ((string?)action!["type"], (string?)action["title"], (string?)action["url"]));
    }

    [Fact]
    public async Task Install_BothEventsAtOnce_OneWelcomeCard()
    {
        string conversation = "19:welcome-" + Guid.NewGuid().ToString("N") + "@thread.v2";

        await Task.WhenAll(
            PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation, "groupChat")),
            PostAsync(TeamsActivities.ConversationUpdate(_connector.ServiceUrl, Bot, conversation, "groupChat",
                BotMember, TeamsActivities.UserId)),
            PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation, "groupChat")));

        var card = Assert.Single(CardsIn(conversation));
        Assert.Contains("Mention me (**@TeamsBot**)", Texts(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_InATeam_ShortCardInTheChannel()
    {
        string team = "19:team-" + Guid.NewGuid().ToString("N") + "@thread.tacv2";

        await PostAsync(TeamsActivities.ConversationUpdate(_connector.ServiceUrl, Bot, team, "channel", BotMember));
        await PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, team, "channel"));

        var card = Assert.Single(CardsIn(team));
        string text = Texts(card);
        Assert.StartsWith(Title + "\n", text, StringComparison.Ordinal);
        Assert.Contains("Mention **@TeamsBot** in a post", text, StringComparison.Ordinal);
        Assert.Contains("forget me", text, StringComparison.Ordinal);
        Assert.Equal(3, card["body"]!.AsArray().Count);
        Assert.Empty(Facts(card));
    }

    [Fact]
    public async Task ConversationUpdate_OnlyAUserAdded_NothingSentNoLookup()
    {
        string team = "19:team-" + Guid.NewGuid().ToString("N") + "@thread.tacv2";

        await PostAsync(TeamsActivities.ConversationUpdate(_connector.ServiceUrl, Bot, team, "channel", TeamsActivities.UserId));

        Assert.DoesNotContain(_connector.Requests, r => r.ConversationId == team);
    }

    [Fact]
    public async Task Install_TenantNotAllowed_NoWelcome()
    {
        string conversation = "a:welcome-" + Guid.NewGuid().ToString("N");

        await PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation,
            tenantId: DevelopmentBotFixture.OtherTenantId));

        Assert.DoesNotContain(_connector.Requests, r => r.ConversationId == conversation);
        await _bot.WaitForOutputAsync(l => l.Contains(conversation, StringComparison.Ordinal)
            && l.Contains("refused by policy (policy.tenant)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), default);
    }

    [Fact]
    public async Task Install_ThenAMessage_ConversationIsAnsweredAsUsual()
    {
        string conversation = "a:welcome-" + Guid.NewGuid().ToString("N");
        await PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation));

        await PostAsync(TeamsActivities.PersonalMessage("hello after install", _connector.ServiceUrl, Bot, conversation));

        await _connector.WaitForActivityAsync(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0
            && a.Body.Contains("Echo: hello after install", StringComparison.Ordinal), TimeSpan.FromSeconds(30), default);
        Assert.Equal(2, CardsIn(conversation).Count);
    }

    [Fact]
    public async Task Install_EventsTogetherWithTheFirstMessage_MessageAnsweredAndOneWelcome()
    {
        // The Playground sends the install events on page load, as the user types the first message.
        string conversation = "a:welcome-" + Guid.NewGuid().ToString("N");

        await Task.WhenAll(
            PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation)),
            PostAsync(TeamsActivities.PersonalMessage("first words", _connector.ServiceUrl, Bot, conversation)),
            PostAsync(TeamsActivities.ConversationUpdate(_connector.ServiceUrl, Bot, conversation, "personal",
                TeamsActivities.UserId, BotMember)));

        await _connector.WaitForActivityAsync(a => a.ConversationId == conversation
            && a.Body.Contains("Echo: first words", StringComparison.Ordinal), TimeSpan.FromSeconds(30), default);
        Assert.Single(CardsIn(conversation), c => Texts(c).StartsWith(Title, StringComparison.Ordinal));
        Assert.Equal(2, CardsIn(conversation).Count);
    }

    /// <summary>The welcome is sent inside the request, so once it returns the card (if any) has arrived.</summary>
    private async Task PostAsync(JsonObject activity)
    {
        using var response = await _bot.PostActivityAsync(activity, null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private List<JsonObject> CardsIn(string conversation) =>
        [.. _connector.AcceptedActivities.Where(a => a.ConversationId == conversation).SelectMany(a => a.AdaptiveCards)];

    private static string Texts(JsonObject card) =>
        string.Join('\n', card["body"]!.AsArray().OfType<JsonObject>().Select(e => (string?)e["text"]).OfType<string>());

    private static List<string> Facts(JsonObject card) =>
        [.. card["body"]!.AsArray().OfType<JsonObject>().Where(e => (string?)e["type"] == "FactSet")
            .SelectMany(e => e["facts"]!.AsArray().OfType<JsonObject>()).Select(f => (string)f["title"]!)];
}
