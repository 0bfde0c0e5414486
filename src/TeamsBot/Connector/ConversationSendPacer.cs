using System.Collections.Concurrent;

namespace TeamsBot.Connector;

/// <summary>
/// Keeps the bot's Bot Connector operations per conversation inside Teams' limits (<see cref="SendLimit"/>): a
/// caller reserves the earliest moment at which one more operation fits every window and waits until then, instead
/// of being refused with 429. Reservations are handed out in call order, so sends to one conversation keep their
/// order. Thread-safe; one instance serves the whole app.
/// </summary>
/// <remarks>
/// <para>
/// Each instance counts what it sends itself. Where several instances answer one conversation in turn, the one that
/// gives the conversation up hands its send times on (<see cref="SendTimesOf"/>) and the next one adds them to its own
/// (<see cref="Merge"/>), so that together they stay within the limits, not each of them.
/// </para>
/// <para>
/// Memory stays bounded: a conversation keeps at most as many send times as the largest limit allows, and a
/// conversation without a send in the longest window (an hour) is forgotten, which loses nothing because none of
/// its sends count any more.
/// </para>
/// </remarks>
internal sealed class ConversationSendPacer
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How much later than the window allows a send that waited for its slot goes. Teams counts a send when it
    /// arrives, the pacer when it leaves: a send paced to the very edge of a window arrives inside it, and is refused,
    /// whenever the earlier send it is spaced from was slowed on its way (a busy machine, the network) more than it
    /// was. An optional send never waits (<see cref="TryTakeOptionalSlot"/>), so it is not at an edge.
    /// </summary>
    internal static readonly TimeSpan ArrivalMargin = TimeSpan.FromMilliseconds(50);

    /// <summary>Windows this short keep no reserve for answers (<see cref="ReserveOf"/>).</summary>
    private static readonly TimeSpan BriefWindow = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, ConversationLog> _logs = new(StringComparer.Ordinal);
    private readonly SendLimit[] _limits;

    /// <summary>How long a send still counts: the longest window and its margin.</summary>
    private readonly TimeSpan _longestPeriod;
    private readonly int _mostOperations;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private long _nextSweepTicks = SweepInterval.Ticks;

    public ConversationSendPacer(TimeProvider time)
        : this(time, SendLimit.TeamsPerConversation)
    {
    }

    internal ConversationSendPacer(TimeProvider time, IReadOnlyList<SendLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Count == 0 || limits.Any(l => l.Operations < 1 || l.Period <= TimeSpan.Zero))
        {
            throw new ArgumentException("Each limit needs at least one operation in a positive period.", nameof(limits));
        }

        _time = time;
        _limits = [.. limits];
        _longestPeriod = _limits.Max(l => l.Period) + ArrivalMargin;
        _mostOperations = _limits.Max(l => l.Operations);
        // A monotonic clock: a wall-clock jump must not open or close the windows.
        _origin = time.GetTimestamp();
    }

    /// <summary>Conversations currently remembered (for tests of the idle eviction).</summary>
    internal int TrackedConversations => _logs.Count;

    /// <summary>
    /// Completes when one more operation in <paramref name="conversationKey"/> stays within every limit, and counts
    /// it. Cancelling gives the reserved slot back.
    /// </summary>
    /// <param name="conversationKey">Usually <see cref="ConnectorRoute.KeyOf"/> of the conversation id.</param>
    /// <param name="cancellationToken">Stops the wait; the send is then not counted.</param>
    public Task WaitForSlotAsync(string conversationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var now = Now();
        var (log, slot) = Reserve(conversationKey, now);
        var delay = slot - now;
        return delay <= TimeSpan.Zero ? Task.CompletedTask : WaitAsync(log, slot, delay, cancellationToken);
    }

    /// <summary>
    /// For sends that are worthless late or can be left out (typing indicators, stream updates): takes a slot only if
    /// one is free now, no send waits for its slot, and the send leaves every window's reserve (<see cref="ReserveOf"/>)
    /// to the messages the user reads; false, and nothing counted, otherwise. Never waits itself.
    /// </summary>
    public bool TryTakeOptionalSlot(string conversationKey)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        var now = Now();
        while (true)
        {
            var log = _logs.GetOrAdd(conversationKey, static _ => new ConversationLog());
            lock (log)
            {
                if (log.Retired)
                {
                    continue;
                }

                var slots = log.Slots;
                if (slots.Count > 0 && slots[^1].Slot > now)
                {
                    // A send is waiting for its slot: an optional one must not go before it, nor push it back.
                    return false;
                }

                foreach (var limit in _limits)
                {
                    // Full for optional sends when the allowed-th latest send is still inside the window.
                    int allowed = limit.Operations - ReserveOf(limit);
                    if (slots.Count >= allowed && slots[slots.Count - allowed].Slot > now - limit.Period)
                    {
                        return false;
                    }
                }

                Add(slots, now, now);
            }

            SweepIfDue(now);
            return true;
        }
    }

    /// <summary>
    /// The part of a window optional sends leave free for the messages the user reads. None in a window of a second or
    /// two: there an indicator makes an answer wait that long at most, and tells the user at once that the message
    /// arrived, where leaving it out would only let a burst of answers run ahead of the two sends a second that
    /// Teams allows over 30 s. A quarter, at least one, of the longer windows: a conversation that keeps chatting
    /// faster than that loses its indicators before its answers wait.
    /// </summary>
    internal static int ReserveOf(SendLimit limit) =>
        limit.Period <= BriefWindow ? 0 : Math.Max(1, limit.Operations / 4);

    /// <summary>Reserves a slot without waiting; returns how far ahead of now it lies.</summary>
    internal TimeSpan ReserveSlot(string conversationKey)
    {
        var now = Now();
        return Reserve(conversationKey, now).Slot - now;
    }

    /// <summary>
    /// The conversation's sends that still count in some window, as Unix milliseconds, oldest first: for the instance
    /// that answers in it next (<see cref="Merge"/>). Empty for a conversation without any.
    /// </summary>
    public long[] SendTimesOf(string conversationKey)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        var horizon = Now() - _longestPeriod;
        if (!_logs.TryGetValue(conversationKey, out var log))
        {
            return [];
        }

        lock (log)
        {
            return [.. log.Slots.Where(send => send.Slot > horizon).Select(send => send.UnixMs)];
        }
    }

    /// <summary>
    /// Counts sends another instance made in the conversation (<see cref="SendTimesOf"/> there), each once: a time
    /// this log already holds is the same send coming back, and one older than every window is left out.
    /// </summary>
    /// <remarks>
    /// Send times are compared to the millisecond, as written by the instances' clocks: two instances must keep their
    /// clocks in step (NTP), as for their leases, or the windows shift by the skew.
    /// </remarks>
    public void Merge(string conversationKey, IReadOnlyList<long> sendTimes)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        ArgumentNullException.ThrowIfNull(sendTimes);
        if (sendTimes.Count == 0)
        {
            return;
        }

        var now = Now();
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        while (true)
        {
            var log = _logs.GetOrAdd(conversationKey, static _ => new ConversationLog());
            lock (log)
            {
                if (log.Retired)
                {
                    continue;
                }

                // Sends held here already, by time: each matches one handed-on time at most.
                var held = log.Slots.CountBy(send => send.UnixMs).ToDictionary();
                int before = log.Slots.Count;
                foreach (long unixMs in sendTimes)
                {
                    if (held.TryGetValue(unixMs, out int count) && count > 0)
                    {
                        held[unixMs] = count - 1;
                        continue;
                    }

                    var slot = now - TimeSpan.FromMilliseconds(nowMs - unixMs);
                    if (slot > now - _longestPeriod)
                    {
                        log.Slots.Add(new Send(slot, unixMs));
                    }
                }

                // None added when only this instance's own sends came back, as with one instance: nothing to re-order.
                if (log.Slots.Count > before)
                {
                    log.Slots.Sort(static (x, y) => x.Slot.CompareTo(y.Slot));
                    if (log.Slots.Count > _mostOperations)
                    {
                        log.Slots.RemoveRange(0, log.Slots.Count - _mostOperations);
                    }
                }
            }

            SweepIfDue(now);
            return;
        }
    }

    private void Add(List<Send> slots, TimeSpan slot, TimeSpan now)
    {
        // Rounded up: another instance then counts the send as no earlier than it was, and never sends early.
        var sinceEpoch = _time.GetUtcNow() - DateTimeOffset.UnixEpoch + (slot - now);
        long unixMs = (sinceEpoch.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        slots.Add(new Send(slot, unixMs));
        if (slots.Count > _mostOperations)
        {
            slots.RemoveRange(0, slots.Count - _mostOperations);
        }
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    private (ConversationLog Log, TimeSpan Slot) Reserve(string key, TimeSpan now)
    {
        while (true)
        {
            var log = _logs.GetOrAdd(key, static _ => new ConversationLog());
            TimeSpan slot;
            lock (log)
            {
                if (log.Retired)
                {
                    // Evicted between the look-up and the lock: take the fresh entry instead.
                    continue;
                }

                var slots = log.Slots;
                var expired = 0;
                while (expired < slots.Count && slots[expired].Slot <= now - _longestPeriod)
                {
                    expired++;
                }

                slots.RemoveRange(0, expired);

                // Never earlier than the last reservation: keeps the list sorted and the sends in order.
                slot = slots.Count == 0 || slots[^1].Slot < now ? now : slots[^1].Slot;
                foreach (var limit in _limits)
                {
                    if (slots.Count >= limit.Operations)
                    {
                        // The window ending at the slot may hold only Operations - 1 earlier sends.
                        var bound = slots[slots.Count - limit.Operations].Slot + limit.Period + ArrivalMargin;
                        slot = bound > slot ? bound : slot;
                    }
                }

                Add(slots, slot, now);
            }

            SweepIfDue(now);
            return (log, slot);
        }
    }

    private async Task WaitAsync(ConversationLog log, TimeSpan slot, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The send will not happen: later callers must not be held back by it.
            GiveBack(log, slot);
            throw;
        }
    }

    private static void GiveBack(ConversationLog log, TimeSpan slot)
    {
        lock (log)
        {
            var index = log.Slots.FindLastIndex(send => send.Slot == slot);
            if (index >= 0)
            {
                log.Slots.RemoveAt(index);
            }
        }
    }

    private void SweepIfDue(TimeSpan now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.Ticks < due
            || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).Ticks, due) != due)
        {
            return;
        }

        var horizon = now - _longestPeriod;
        foreach (var (key, log) in _logs)
        {
            lock (log)
            {
                if (log.Slots.Count == 0 || log.Slots[^1].Slot <= horizon)
                {
                    log.Retired = true;
                    _logs.TryRemove(KeyValuePair.Create(key, log));
                }
            }
        }
    }

    /// <summary>A send: when on this instance's monotonic clock, and when on the wall clock the instances share.</summary>
    private readonly record struct Send(TimeSpan Slot, long UnixMs);

    /// <summary>Reserved send times of one conversation, ascending; guarded by locking the instance.</summary>
    private sealed class ConversationLog
    {
        public List<Send> Slots { get; } = [];

        public bool Retired { get; set; }
    }
}
