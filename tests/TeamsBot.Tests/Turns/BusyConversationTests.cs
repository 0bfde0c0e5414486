using System.Diagnostics;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>One group chat with many queued messages must not hold the slots everyone else needs.</summary>
public sealed class BusyConversationTests
{
    private static readonly TimeSpan ModelTime = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task OtherUsers_TwentyMessagesQueuedInOneGroupChat_AnsweredWithoutWaitingForIt()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Limits:MaxConcurrentTurns"] = "8",
        });
        engine.Model.DefaultResponse = ModelResponse.Slow(ModelTime);
        string groupChat = "19:busy" + Guid.NewGuid().ToString("N") + "@thread.v2";
        for (int i = 0; i < 20; i++)
        {
            await engine.PostAsync(TeamsActivities.GroupChatMention($"group {i} {Guid.NewGuid():N}",
                engine.Connector.ServiceUrl, EngineHarness.BotAppId, groupChat));
        }

        var waits = await Task.WhenAll(Enumerable.Range(0, 8).Select(async user =>
        {
            string text = $"alone {user} {Guid.NewGuid():N}";
            var watch = Stopwatch.StartNew();
            await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl,
                EngineHarness.BotAppId));
            await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(60));
            return watch.Elapsed;
        }));

        // Before: the group chat's twenty turns took all eight slots while waiting for their conversation, one model
        // call after another: the last of the others started only after about 20 × 0.6 s.
        var slowest = waits.Max();
        Assert.True(slowest < ModelTime * 10, $"slowest other user waited {slowest.TotalSeconds:F1} s");
    }
}
