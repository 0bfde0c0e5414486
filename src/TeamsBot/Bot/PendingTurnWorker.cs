using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using TeamsBot.History;
using TeamsBot.Hosting;
using TeamsBot.Pipeline;
using TeamsBot.Telemetry;

namespace TeamsBot.Bot;

/// <summary>
/// Answers stored messages proactively: several conversations at once, one message at a time per conversation, and
/// after a restart whatever was received but not yet answered.
/// </summary>
internal sealed partial class PendingTurnWorker(
    TurnQueue queue,
    IConversationStore store,
    CloudAdapter adapter,
    ChatBot bot,
    IOptions<BotAuthenticationOptions> identity,
    IOptions<LimitsOptions> limits,
    TimeProvider clock,
    ILogger<PendingTurnWorker> logger) : BackgroundService
{
    /// <summary>Conversations hash onto these locks: bounded memory, and one turn at a time per conversation.</summary>
    private readonly SemaphoreSlim[] _conversationLocks =
        [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly SemaphoreSlim _slots = new(limits.Value.MaxConcurrentTurns, limits.Value.MaxConcurrentTurns);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = clock.GetUtcNow().UtcDateTime - limits.Value.ResumeWindow;
        var unanswered = await store.GetUnansweredAsync(since, stoppingToken);
        if (unanswered.Count > 0)
        {
            LogResuming(unanswered.Count);
        }

        foreach (long turnId in unanswered)
        {
            queue.Enqueue(turnId);
        }

        var running = new HashSet<Task>();
        try
        {
            await foreach (long turnId in queue.ReadAllAsync(stoppingToken))
            {
                await _slots.WaitAsync(stoppingToken);
                QueueTelemetry.Dequeued();
                var task = AnswerAsync(turnId, stoppingToken);
                lock (running)
                {
                    running.Add(task);
                }

                _ = task.ContinueWith(done =>
                {
                    lock (running)
                    {
                        running.Remove(done);
                    }

                    _slots.Release();
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] remaining;
        lock (running)
        {
            remaining = [.. running];
        }

        await Task.WhenAll(remaining);
    }

    public override void Dispose()
    {
        foreach (var gate in _conversationLocks)
        {
            gate.Dispose();
        }

        _slots.Dispose();
        base.Dispose();
    }

    private async Task AnswerAsync(long turnId, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var first = await store.GetPendingAsync(turnId, stoppingToken);
            if (first is null)
            {
                return;
            }

            var gate = _conversationLocks[(first.ConversationId.GetHashCode(StringComparison.Ordinal) & 0x7fffffff)
                % _conversationLocks.Length];
            await gate.WaitAsync(stoppingToken);
            try
            {
                // Read again under the lock: the turn may have been answered meanwhile (resume and receipt race).
                var pending = await store.GetPendingAsync(turnId, stoppingToken);
                if (pending is null)
                {
                    return;
                }

                var reference = JsonConvert.DeserializeObject<ConversationReference>(pending.ReferenceJson)!;
                QueueTelemetry.Started(pending.ReceivedAt, clock);
                DateTimeOffset? deferredUntil = null;
                await adapter.ContinueConversationAsync(identity.Value.MicrosoftAppId ?? string.Empty, reference,
                    async (context, ct) => deferredUntil = await bot.AnswerAsync(context, pending, ct), stoppingToken);
                QueueTelemetry.Finished(pending.ReceivedAt, clock);
                if (deferredUntil is { } until)
                {
                    RunAgainAt(turnId, until, stoppingToken);
                }
            }
            finally
            {
                gate.Release();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Typically the Bot Connector refusing us; the message stays stored.
            LogDeliveryFailed(turnId, exception.GetType().Name);
            await store.SetOutcomeAsync(turnId, TurnStatus.Failed, null, CancellationToken.None);
        }
    }

    /// <summary>A turn waiting for the model is queued again at its time (it stays pending in the database).</summary>
    private void RunAgainAt(long turnId, DateTimeOffset until, CancellationToken stoppingToken)
    {
        var wait = until - clock.GetUtcNow();
        _ = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stoppingToken).ContinueWith(
            waited =>
            {
                if (waited.IsCompletedSuccessfully)
                {
                    queue.Enqueue(turnId);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Resuming {Count} unanswered messages")]
    private partial void LogResuming(int count);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Error, Message = "Turn {TurnId} could not be answered ({ExceptionType})")]
    private partial void LogDeliveryFailed(long turnId, string exceptionType);
}
