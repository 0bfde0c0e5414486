using System.Net;
using System.Text.Json.Nodes;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>Where and how the authenticated app delivers its answer through the Bot Connector.</summary>
[Collection(AuthenticatedBotGroup.Name)]
public sealed class AnswerDeliveryTests(AuthenticatedBotFixture fixture)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ChannelMention_InThread_AnsweredInTheSameThread()
    {
        var activity = TeamsActivities.ChannelMention(
            "summarise the thread", fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        var threadId = (string)activity["conversation"]!["id"]!;
        Assert.Contains(";messageid=", threadId, StringComparison.Ordinal);

        using var response = await fixture.PostSignedAsync(activity);
        var answer = await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == threadId && a.AdaptiveCards.Count > 0, AnswerTimeout, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("%3Bmessageid%3D", answer.RawTarget, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Model.Requests, r => r.LastUserMessage.Contains("<at>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChannelMessage_WithoutMentioningTheBot_NeitherAnsweredNorSentToTheModel()
    {
        string marker = "people talking " + Guid.NewGuid().ToString("N");
        var chatter = TeamsActivities.ChannelMention(marker, fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        chatter["text"] = marker;
        chatter["entities"] = new JsonArray();
        var threadId = (string)chatter["conversation"]!["id"]!;
        var mention = TeamsActivities.ChannelMention(
            "and now to the bot", fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId, rootMessageId: threadId.Split('=')[1]);

        using var ignored = await fixture.PostSignedAsync(chatter);
        using var answered = await fixture.PostSignedAsync(mention);
        await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == threadId && a.AdaptiveCards.Count > 0, AnswerTimeout, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Single(fixture.Connector.AcceptedActivities, a => a.ConversationId == threadId && a.AdaptiveCards.Count > 0);
        // Answered after the ignored message, so the model would have seen it as context had it been stored.
        Assert.DoesNotContain(fixture.Model.Requests, r => r.RawBody.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answer_Card_PassesTheOfficialParserAtVersion15()
    {
        var activity = TeamsActivities.PersonalMessage(
            "card check " + Guid.NewGuid().ToString("N"), fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        var conversationId = (string)activity["conversation"]!["id"]!;

        using var response = await fixture.PostSignedAsync(activity);
        var answer = await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == conversationId && a.AdaptiveCards.Count > 0, AnswerTimeout, CancellationToken.None);

        var results = await new CardValidator("1.5").ValidateManyAsync(
            answer.AdaptiveCards.Select(c => c.ToJsonString()).ToArray(), CancellationToken.None);
        Assert.All(results, r => Assert.True(r.IsValid, r.ToString()));
    }

}
