using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsBot.Audit;
using TeamsBot.Connector;
using TeamsBot.Hosting;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Tests.Turns;

namespace TeamsBot.Tests.Bot;

/// <summary>The user sees that a message was taken before a worker slot is free for it.</summary>
public sealed class ReceiptTypingTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    /// <summary>ReceiptTyping's events: not sent for the conversation's budget; a send that failed.</summary>
    private const int NoBudget = 1244;
    private const int SendFailed = 1243;

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

    [Fact]
    public async Task Receive_AnotherRequestAtTheDoor_TypingWaitsUntilItLeaves()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Limits:ReceiptsFirstFor"] = "00:00:01",
        });
        var door = engine.Bot.Services.GetRequiredService<RequestDoor>();
        string text = $"in a burst {Guid.NewGuid():N}";
        string conversation = "a:1" + Guid.NewGuid().ToString("N");

        var inside = await door.EnterAsync(CancellationToken.None);
        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, conversation));
        // Before: the indicator went at once, on the cores the other request's acknowledgement waited for.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(engine.Connector.AcceptedActivities, r => r.ConversationId == conversation);

        inside.Dispose();
        await engine.Connector.WaitForActivityAsync(
            r => r.ConversationId == conversation && r.ActivityType == "typing", Soon, default);
        await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Receive_StepOfTheLastAnswerStillRunning_TypingSentForTheNewMessage()
    {
        var audit = new HeldAuditLog();
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Limits:MaxConcurrentTurns"] = "1",
        }, services => services.AddSingleton<IAuditLog>(sp => audit.Around(ActivatorUtilities.CreateInstance<EfAuditLog>(sp))));
        string conversation = "a:1" + Guid.NewGuid().ToString("N");
        string first = $"first {Guid.NewGuid():N}";
        // The step that answered the first message still writes its audit record when the next message comes, as on
        // PostgreSQL in a quick exchange: its answer is out, and it shows nothing more.
        var writing = audit.HoldNext(e => e.ConversationId == conversation);
        await engine.PostAsync(TeamsActivities.PersonalMessage(first, engine.Connector.ServiceUrl, EngineHarness.BotAppId,
            conversation));
        var answeredAt = await engine.WaitForAnswerAsync(first, Soon);
        await writing.WaitUntilArrivedAsync(Soon);

        string second = $"second {Guid.NewGuid():N}";
        await engine.PostAsync(TeamsActivities.PersonalMessage(second, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, conversation));
        try
        {
            // Before: no indicator while that step ran, so the second message waited for the slot with no sign of life.
            await engine.Connector.WaitForActivityAsync(r => r.ConversationId == conversation
                && r.ActivityType == "typing" && r.ReceivedAt > answeredAt, Soon, default);
            Assert.Equal(0, engine.ModelCallsFor(second));
        }
        finally
        {
            writing.Release();
        }

        await engine.WaitForAnswerAsync(second, TimeSpan.FromSeconds(30));
        Assert.Equal(1, engine.AcceptedAnswersTo(second));
    }

    [Fact]
    public async Task Receive_ConversationOutOfSendingBudget_NoTurnStartedForTheTyping()
    {
        var logs = new RecordingLoggerProvider();
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Limits:MaxConcurrentTurns"] = "1",
            ["Logging:LogLevel:TeamsBot.Bot.ReceiptTyping"] = "Debug",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        string first = $"first {Guid.NewGuid():N}";
        var thinking = engine.Model.HoldNext(r => r.LastUserMessage.Contains(first, StringComparison.Ordinal));
        await engine.PostAsync(TeamsActivities.PersonalMessage(first, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        await thinking.WaitUntilArrivedAsync(Soon);

        // The waiting conversation has sent so much that only its answers' reserve is left.
        string waiting = "a:1" + Guid.NewGuid().ToString("N");
        var pacer = engine.Bot.Services.GetRequiredService<ConversationSendPacer>();
        while (pacer.TryTakeOptionalSlot(ConnectorRoute.KeyOf(waiting)))
        {
        }

        string second = $"second {Guid.NewGuid():N}";
        await engine.PostAsync(TeamsActivities.PersonalMessage(second, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, waiting));
        try
        {
            using var logged = new CancellationTokenSource(Soon);
            while (!logs.Entries.Any(e => e.EventId is NoBudget or SendFailed))
            {
                await Task.Delay(20, logged.Token);
            }

            // Before: a proactive turn was started, its send refused with a local 429, and the failure logged.
            Assert.Contains(logs.Entries, e => e.EventId == NoBudget);
            Assert.DoesNotContain(logs.Entries, e => e.EventId == SendFailed);
            Assert.DoesNotContain(engine.Connector.AcceptedActivities,
                r => r.ConversationId == waiting && r.ActivityType == "typing");
        }
        finally
        {
            thinking.Release();
        }

        await engine.WaitForAnswerAsync(second, TimeSpan.FromSeconds(30));
        Assert.Equal(1, engine.AcceptedAnswersTo(second));
    }

    /// <summary>Writes through to the real audit log; holds the first append that matches until released.</summary>
    private sealed class HeldAuditLog
    {
        private readonly Lock _gate = new();
        private HeldRequest<AuditEntry>? _hold;

        public HeldRequest<AuditEntry> HoldNext(Func<AuditEntry, bool> which)
        {
            lock (_gate)
            {
                _hold = new HeldRequest<AuditEntry>(which);
                return _hold;
            }
        }

        public IAuditLog Around(IAuditLog inner) => new Holding(this, inner);

        private HeldRequest<AuditEntry>? Take(AuditEntry entry)
        {
            lock (_gate)
            {
                var hold = _hold;
                if (hold is null || !hold.Which(entry))
                {
                    return null;
                }

                _hold = null;
                return hold;
            }
        }

        private sealed class Holding(HeldAuditLog owner, IAuditLog inner) : IAuditLog
        {
            public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
            {
                if (owner.Take(entry) is { } hold)
                {
                    await hold.HoldAsync(entry, CancellationToken.None);
                }

                await inner.AppendAsync(entry, cancellationToken);
            }
        }
    }
}
