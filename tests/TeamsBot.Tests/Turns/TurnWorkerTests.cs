using Microsoft.Extensions.DependencyInjection;
using TeamsBot.Hosting;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// The worker starts turns after the requests at the door are acknowledged: a burst of messages is acknowledged on
/// cores its turns do not take, and no turn waits longer than <c>Limits:ReceiptsFirstFor</c> for that.
/// </summary>
public sealed class TurnWorkerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Claim_WhileAnotherRequestIsAtTheDoor_WaitsUntilItLeaves()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Limits:ReceiptsFirstFor"] = "00:00:01",
        });
        var door = engine.Bot.Services.GetRequiredService<RequestDoor>();
        string text = $"after the burst {Guid.NewGuid():N}";

        var inside = await door.EnterAsync(CancellationToken.None);
        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId));
        // Before: the receipt woke the worker, which asked the model at once, while the other request was still
        // being acknowledged.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, engine.ModelCallsFor(text));

        inside.Dispose();
        await engine.WaitForAnswerAsync(text, Wait);
        Assert.Equal(1, engine.ModelCallsFor(text));
    }

    [Fact]
    public async Task Claim_DoorNeverEmpty_AnsweredAfterReceiptsFirstFor()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Limits:ReceiptsFirstFor"] = "00:00:00.2",
        });
        var door = engine.Bot.Services.GetRequiredService<RequestDoor>();
        string text = $"under a steady stream {Guid.NewGuid():N}";

        using var inside = await door.EnterAsync(CancellationToken.None);
        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId));

        await engine.WaitForAnswerAsync(text, Wait);
        Assert.Equal(1, engine.ModelCallsFor(text));
    }
}
