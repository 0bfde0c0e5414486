using TeamsBot.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>The Bot Connector down for longer than one send's retries: the paid-for answer waits and arrives after.</summary>
public sealed class ConnectorOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Answer_Connector502sLongerThanSendRetries_DeliveredAfterRecoveryModelCalledOnce()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            // One send gives up within a second; the outage lasts six.
            ["Connector:BaseDelay"] = "00:00:00.05",
            ["Connector:MaxDelay"] = "00:00:00.1",
        });
        string text = "outage " + Guid.NewGuid().ToString("N");
        // The outage starts with the first try to send the answer, whenever the model's answer is ready.
        DateTimeOffset? started = null;
        engine.Connector.FailNext(ConnectorFailure.BadGateway(int.MaxValue) with
        {
            When = r => r.AdaptiveCards.Count > 0 && DateTimeOffset.UtcNow < (started ??= DateTimeOffset.UtcNow) + Outage,
        });

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        var deliveredAt = await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(60));
        var until = started!.Value + Outage;
        var turn = await engine.WaitForUserTurnAsync(text, t => t.AnswerDeliveredAt is not null, TimeSpan.FromSeconds(10));

        // Before: the turn was marked Failed after the send's retries (~3 s) and the answer never delivered.
        Assert.True(deliveredAt >= until, "delivered during the outage?");
        // More than one send's four attempts: the first send gave up, and the stored answer was offered again later.
        Assert.True(engine.Connector.Requests.Count(r => r.ResponseStatus == 502 && r.AdaptiveCards.Count > 0) > 4);
        Assert.Equal(1, engine.AcceptedAnswersTo(text));
        Assert.Equal(1, engine.ModelCallsFor(text));
        Assert.Equal(TurnStatus.Answered, turn.Status);
        Assert.NotNull(turn.AnswerDeliveredAt);
    }
}
