using Microsoft.Extensions.Options;
using TeamsBot.Hosting;
using TeamsBot.Pipeline;
using TeamsBot.Telemetry;

namespace TeamsBot.Turns;

/// <summary>
/// Finds work in the database and does it: claims conversations whose next turn can run now, only as many as it has
/// free slots (so a slot never waits for a conversation, and a busy conversation holds one slot at most), renews each
/// lease while working, and gives the conversation back after one step so that its next turn, and everyone else's,
/// are claimed fairly. Woken at once by a receipt here; finds other instances' and lapsed work by polling. Claims
/// once the requests at the door are acknowledged (<see cref="RequestDoor.WhenQuietAsync"/>): a turn started while a
/// burst is received takes the cores its acknowledgements wait for.
/// </summary>
internal sealed partial class TurnWorker(
    TurnLedger ledger,
    TurnSignal signal,
    RequestDoor door,
    ProactiveAnswerer answerer,
    IOptions<LimitsOptions> limits,
    IOptions<TurnsOptions> options,
    ILogger<TurnWorker> logger) : BackgroundService
{
    private readonly HashSet<Task> _running = [];

    /// <summary>Conversations with a step running here: guarded by the <see cref="_running"/> lock.</summary>
    private readonly HashSet<string> _working = new(StringComparer.Ordinal);
    private int _busy;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(ledger.Owner, options.Value.LeaseDuration.TotalSeconds, options.Value.PollInterval.TotalSeconds);
        int slots = limits.Value.MaxConcurrentTurns;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (slots - Volatile.Read(ref _busy) > 0)
                {
                    await door.WhenQuietAsync(stoppingToken);
                    await ClaimAndStartAsync(slots - Volatile.Read(ref _busy), stoppingToken);
                }

                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] remaining;
        lock (_running)
        {
            remaining = [.. _running];
        }

        await Task.WhenAll(remaining);
    }

    /// <summary>Starts each step as soon as its conversation is claimed: its lease is already running.</summary>
    private async Task ClaimAndStartAsync(int free, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (string conversationId in ledger.ClaimAsync(free, stoppingToken))
            {
                Start(conversationId, stoppingToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database is away: nothing more can be claimed, and nothing is lost; the next poll tries again.
            LogClaimFailed(exception.GetType().Name);
        }
    }

    private void Start(string conversationId, CancellationToken stoppingToken)
    {
        lock (_running)
        {
            if (!_working.Add(conversationId))
            {
                // This instance claimed back its own conversation: the lease lapsed while its step could not renew it
                // (the database away). That step still runs, perhaps with an answer not yet stored; a second one would
                // ask the model again. The claim only extended the running step's lease.
                LogStillWorking(conversationId);
                return;
            }
        }

        Interlocked.Increment(ref _busy);
        QueueTelemetry.Claimed();
        var task = RunAsync(conversationId, stoppingToken);
        lock (_running)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(done =>
        {
            lock (_running)
            {
                _running.Remove(done);
            }

            Interlocked.Decrement(ref _busy);
            QueueTelemetry.Done();
            // A slot is free, and the conversation may have more: look again now rather than at the next poll.
            signal.Wake();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(string conversationId, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var finished = new CancellationTokenSource();
        var renewing = RenewAsync(conversationId, lost, finished.Token);
        try
        {
            if (await ledger.NextAsync(conversationId, lost.Token) is { } work)
            {
                await answerer.RunAsync(work, lost.Token);
            }
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The database failed mid-step: the turn is as last stored, and is taken up again.
            LogStepFailed(exception.GetType().Name);
        }
        finally
        {
            await finished.CancelAsync();
            await renewing;
            lock (_running)
            {
                // Before the release: from then on a claim here of this conversation is a new step's.
                _working.Remove(conversationId);
            }

            await ReleaseAsync(conversationId);
        }
    }

    /// <summary>
    /// Renews every third of the lease. When another instance holds the conversation now (this one stalled past its
    /// lease), the step is cancelled: that instance does the work.
    /// </summary>
    private async Task RenewAsync(string conversationId, CancellationTokenSource lost, CancellationToken finished)
    {
        var every = options.Value.LeaseDuration / 3;
        try
        {
            while (true)
            {
                // Every step ends by cancelling this wait: awaited without throwing, as it happens for every message.
                await Task.Delay(every, finished).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (finished.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    if (!await ledger.RenewAsync(conversationId, finished))
                    {
                        LogLeaseLost(conversationId);
                        await lost.CancelAsync();
                        return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A failed renewal is not a lost lease: keep working, and try again at the next third.
                    LogRenewFailed(exception.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The step ended while a renewal was under way.
        }
    }

    private async Task ReleaseAsync(string conversationId)
    {
        try
        {
            await ledger.ReleaseAsync(conversationId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The lease lapses by itself.
            LogReleaseFailed(exception.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 2411, Level = LogLevel.Information,
        Message = "Turn worker {Owner} started: leases of {LeaseSeconds} s, polling every {PollSeconds} s")]
    private partial void LogStarted(string owner, double leaseSeconds, double pollSeconds);

    [LoggerMessage(EventId = 2412, Level = LogLevel.Warning, Message = "Could not claim work ({ExceptionType}); tried again at the next poll")]
    private partial void LogClaimFailed(string exceptionType);

    [LoggerMessage(EventId = 2413, Level = LogLevel.Error, Message = "A turn step failed ({ExceptionType}); the turn is taken up again")]
    private partial void LogStepFailed(string exceptionType);

    [LoggerMessage(EventId = 2414, Level = LogLevel.Warning,
        Message = "Lease on conversation {ConversationId} lost to another instance; this step stops")]
    private partial void LogLeaseLost(string conversationId);

    [LoggerMessage(EventId = 2415, Level = LogLevel.Warning, Message = "Could not renew a lease ({ExceptionType})")]
    private partial void LogRenewFailed(string exceptionType);

    [LoggerMessage(EventId = 2417, Level = LogLevel.Warning,
        Message = "Conversation {ConversationId} claimed again while its step still runs here (its lease lapsed); not started twice")]
    private partial void LogStillWorking(string conversationId);

    [LoggerMessage(EventId = 2416, Level = LogLevel.Warning, Message = "Could not release a lease ({ExceptionType}); it lapses")]
    private partial void LogReleaseFailed(string exceptionType);
}
