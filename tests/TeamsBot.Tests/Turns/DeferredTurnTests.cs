using Microsoft.Extensions.DependencyInjection;
using TeamsBot.History;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>A turn the pipeline defers (the model unavailable) waits, unclaimed, ahead of its conversation's next turn.</summary>
public sealed class DeferredTurnTests
{
    private static readonly TimeSpan DeferFor = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task DeferredTurn_NotClaimedBeforeDeferredUntil_LaterTurnStaysBehindAndNoAttemptCounted()
    {
        var model = new DeferFirstModelStage(DeferFor);
        await using var engine = await EngineHarness.StartAsync(configureServices: services =>
            services.AddSingleton(typeof(ModelStage), _ => model));
        string conversation = "a:1deferred" + Guid.NewGuid().ToString("N");
        string first = "first " + Guid.NewGuid().ToString("N");
        string second = "second " + Guid.NewGuid().ToString("N");

        await engine.PostAsync(TeamsActivities.PersonalMessage(first, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, conversation));
        var deferred = await engine.WaitForUserTurnAsync(first, t => t.NotBefore is not null, TimeSpan.FromSeconds(20));
        await engine.PostAsync(TeamsActivities.PersonalMessage(second, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, conversation));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var behind = await engine.UserTurnAsync(second);

        Assert.Equal(TurnStatus.Pending, deferred.Status);
        Assert.True(deferred.WaitNoticeSent);
        Assert.Equal(0, deferred.Attempts);
        Assert.Equal(TurnStatus.Pending, behind.Status);
        Assert.Equal(0, engine.AcceptedAnswersTo(first) + engine.AcceptedAnswersTo(second));

        var firstAt = await engine.WaitForAnswerAsync(first, TimeSpan.FromSeconds(30));
        var secondAt = await engine.WaitForAnswerAsync(second, TimeSpan.FromSeconds(30));
        Assert.True(firstAt <= secondAt);
        Assert.True(firstAt >= model.DeferredUntil, "claimed before DeferredUntil");
        Assert.Equal([first, first, second], model.Seen.Select(t => t.Contains(first, StringComparison.Ordinal) ? first : second));
    }

    /// <summary>Stands in for the model stage: defers the first turn once (telling the user), then echoes.</summary>
    private sealed class DeferFirstModelStage(TimeSpan deferFor) : ITurnStage
    {
        public List<string> Seen { get; } = [];

        public DateTimeOffset DeferredUntil { get; private set; }

        public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add(turn.Text);
            }

            if (Seen.Count == 1)
            {
                DeferredUntil = DateTimeOffset.UtcNow + deferFor;
                turn.WaitNoticeSent = true;
                turn.Defer(DeferredUntil, "model.unavailable");
                return;
            }

            turn.Answer = ModelServerDouble.EchoAnswer(turn.Text);
            await next(turn, cancellationToken);
        }
    }
}
