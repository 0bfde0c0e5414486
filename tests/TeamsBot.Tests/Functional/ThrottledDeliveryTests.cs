using System.Net;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>The real app when the Bot Connector throttles its answer, as Teams does past its per-conversation limits.</summary>
[Collection(AuthenticatedBotGroup.Name)]
public sealed class ThrottledDeliveryTests(AuthenticatedBotFixture fixture)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Answer_ConnectorAnswers429WithRetryAfterOnce_UserGetsExactlyOneAnswerCard()
    {
        var text = "throttled " + Guid.NewGuid().ToString("N");
        var activity = TeamsActivities.PersonalMessage(text, fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        var conversationId = (string)activity["conversation"]!["id"]!;
        fixture.Connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromSeconds(1)) with
        {
            When = r => r.ConversationId == conversationId && r.AdaptiveCards.Count > 0,
        });

        using var response = await fixture.PostSignedAsync(activity);
        var outcome = await StoredTurns.WaitForUserTurnOutcomeAsync(
            fixture.Bot.DatabasePath, conversationId, AnswerTimeout, CancellationToken.None);

        // Without the retry the 429 fails the turn and an error card follows: also two card requests, but not these.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Answered", outcome);
        var cards = fixture.Connector.Requests
            .Where(r => r.ConversationId == conversationId && r.AdaptiveCards.Count > 0)
            .ToList();
        Assert.Equal([429, 201], cards.Select(r => r.ResponseStatus));
        Assert.Equal(cards[0].Body, cards[1].Body);
        Assert.Contains("Echo: " + text, cards[1].Body, StringComparison.Ordinal);
        Assert.Contains(fixture.Bot.Output, line => line.Contains("Bot Connector answered 429; retry 1 of 3", StringComparison.Ordinal));
    }

}
