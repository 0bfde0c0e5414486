using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsBot.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// The Bot Connector's process down: nothing listens on the service URL's port, every send is a refused connection.
/// The paid-for answer waits in the outbox and is delivered when the connector listens again, or given up as
/// Undelivered when Connector:DeliveryWindow ends first.
/// </summary>
public sealed class ConnectorRefusedTests
{
    [Fact]
    public async Task Answer_ConnectionRefusedThenConnectorBackOnSamePort_StoredOnceDeliveredOnceModelCalledOnce()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Connector:DeliveryWindow"] = "00:02:00",
        });
        string text = "refused " + Guid.NewGuid().ToString("N");
        await engine.Connector.GoDownAsync();

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        // The first send and at least one later offer of the stored answer were refused.
        var waiting = await engine.WaitForUserTurnAsync(text, t => t.Attempts >= 2, TimeSpan.FromSeconds(60));
        Assert.Equal(TurnStatus.Answered, waiting.Status);
        Assert.Null(waiting.AnswerDeliveredAt);
        Assert.Equal(1, engine.ModelCallsFor(text));

        var backAt = DateTimeOffset.UtcNow;
        await engine.Connector.ComeBackAsync(default);
        var deliveredAt = await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(60));
        var delivered = await engine.WaitForUserTurnAsync(text, t => t.AnswerDeliveredAt is not null,
            TimeSpan.FromSeconds(10));

        // Before the outbox: the refused send failed the turn at once, and the answer was never delivered.
        Assert.True(deliveredAt >= backAt);
        Assert.Equal(1, engine.AcceptedAnswersTo(text));
        Assert.Equal(1, engine.ModelCallsFor(text));
        Assert.Equal(TurnStatus.Answered, delivered.Status);
        Assert.NotNull(delivered.AnswerDeliveredAt);
    }

    [Fact]
    public async Task Answer_ConnectionRefusedPastDeliveryWindow_UndeliveredLoggedWithoutContentModelCalledOnce()
    {
        var logs = new RecordingLoggerProvider();
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Connector:DeliveryWindow"] = "00:00:03",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        string text = "never delivered " + Guid.NewGuid().ToString("N");
        await engine.Connector.GoDownAsync();

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        var given = await engine.WaitForUserTurnAsync(text, t => t.Status == TurnStatus.Undelivered,
            TimeSpan.FromSeconds(60));

        Assert.Equal(TurnStatus.Undelivered, given.Status);
        Assert.Null(given.AnswerDeliveredAt);
        Assert.Equal(1, engine.ModelCallsFor(text));
        var undelivered = Assert.Single(logs.Entries, e => e.EventId == 2404);
        Assert.Contains(given.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), undelivered.Message,
            StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.EventId == 2402);
        // Ids, counts and exception types only: neither the question nor the answer.
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(text, StringComparison.Ordinal));
    }
}
