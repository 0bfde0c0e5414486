using TeamsBot.Tests.TestUtils;
using TeamsBot.Tests.Turns;

namespace TeamsBot.Tests.Bot;

/// <summary>The user sees that a message was taken before a worker slot is free for it.</summary>
public sealed class ReceiptTypingTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Receive_EverySlotBusy_TypingSentBeforeTheModelIsCalled()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Limits:MaxConcurrentTurns"] = "1",
        });
        string first = $"first {Guid.NewGuid():N}";
        var thinking = engine.Model.HoldNext(r => r.LastUserMessage.Contains(first, StringComparison.Ordinal));
        await engine.PostAsync(TeamsActivities.PersonalMessage(first, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        await thinking.WaitUntilArrivedAsync(Soon);

        string second = $"second {Guid.NewGuid():N}";
        string waiting = "a:1" + Guid.NewGuid().ToString("N");
        await engine.PostAsync(TeamsActivities.PersonalMessage(second, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, waiting));
        try
        {
            // Before: the typing came with the worker, which waited for the one slot the first message held.
            var typing = await engine.Connector.WaitForActivityAsync(
                r => r.ConversationId == waiting && r.ActivityType == "typing", Soon, default);
            Assert.Equal(0, engine.ModelCallsFor(second));
            Assert.DoesNotContain(engine.Connector.AcceptedActivities, r => r.ConversationId == waiting
                && r.ReceivedAt <= typing.ReceivedAt && r.ActivityType != "typing");
        }
        finally
        {
            thinking.Release();
        }

        await engine.WaitForAnswerAsync(second, TimeSpan.FromSeconds(30));
        Assert.Equal(1, engine.AcceptedAnswersTo(second));
    }
}
