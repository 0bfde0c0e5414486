using System.Collections.Concurrent;

namespace TeamsBot.Bot;

/// <summary>
/// When a typing indicator was last shown in each conversation by this instance, and for which stored message, so that
/// one still showing is not sent again: every indicator is a send in Teams' per-conversation budget, which the answer
/// needs more. A message ends the indicator (Teams hides it when the bot's message arrives), so the next question's
/// indicator goes at once. Where instances share the database, the message that ended it may have come from another
/// instance: an indicator for an earlier message than the one a step answers has ended (that message was done first),
/// and one found at receipt is checked against the database (<see cref="ShowingFor"/>). Thread-safe; one instance
/// serves the app. Entries older than <see cref="Lasts"/> say nothing and are swept.
/// </summary>
internal sealed class TypingShown(TimeProvider clock)
{
    /// <summary>Teams shows a typing indicator for about three seconds.</summary>
    public static readonly TimeSpan Lasts = TimeSpan.FromSeconds(3);

    /// <summary>Above this many conversations, those whose indicator has run out are forgotten.</summary>
    private const int SweepAbove = 4096;

    private readonly ConcurrentDictionary<string, Indicator> _shown = new(StringComparer.Ordinal);

    /// <summary>
    /// An indicator for the stored message <paramref name="turnId"/> was just accepted by the Bot Connector for
    /// <paramref name="conversationId"/>.
    /// </summary>
    public void Shown(string conversationId, long turnId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        Remember(conversationId, new Indicator(clock.GetTimestamp(), turnId));
    }

    /// <summary>
    /// Another instance (or this one) showed an indicator for the stored message <paramref name="turnId"/> at
    /// <paramref name="at"/>, as the conversation's send log says: kept unless this instance knows of a later one.
    /// </summary>
    public void ShownAt(string conversationId, long turnId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var ago = clock.GetUtcNow() - at;
        if (ago >= Lasts)
        {
            return;
        }

        // Wall clocks of two instances: one ahead makes the indicator look newer than it is, by no more than now.
        long ticksAgo = ago > TimeSpan.Zero ? (long)(ago.TotalSeconds * clock.TimestampFrequency) : 0;
        Remember(conversationId, new Indicator(clock.GetTimestamp() - ticksAgo, turnId));
    }

    /// <summary>A message went to <paramref name="conversationId"/>: Teams stops showing the indicator with it.</summary>
    public void MessageSent(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        _shown.TryRemove(conversationId, out _);
    }

    /// <summary>
    /// How long the last indicator in the conversation still shows to the step answering <paramref name="turnId"/>;
    /// zero when a new one is due. One shown for an earlier message has ended: that message was answered before this
    /// step could start, here or by another instance.
    /// </summary>
    public TimeSpan TimeUntilDue(string conversationId, long turnId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (!_shown.TryGetValue(conversationId, out var indicator) || indicator.TurnId < turnId)
        {
            return TimeSpan.Zero;
        }

        var left = Lasts - clock.GetElapsedTime(indicator.At);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// The stored message whose indicator this instance showed in the conversation less than <see cref="Lasts"/> ago,
    /// with no message from this instance since; null when there is none. It still shows unless another instance sent
    /// a message meanwhile.
    /// </summary>
    public long? ShowingFor(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        return _shown.TryGetValue(conversationId, out var indicator) && clock.GetElapsedTime(indicator.At) < Lasts
            ? indicator.TurnId
            : null;
    }

    /// <summary>The indicators of the step answering <paramref name="turnId"/>.</summary>
    public StepTyping ForStep(long turnId) => new(this, turnId);

    /// <summary>Keeps the later of what was known and <paramref name="indicator"/>; sweeps when many are known.</summary>
    private void Remember(string conversationId, Indicator indicator)
    {
        _shown.AddOrUpdate(conversationId, indicator, (_, known) => known.At > indicator.At ? known : indicator);
        if (_shown.Count > SweepAbove)
        {
            foreach (var (key, shown) in _shown)
            {
                if (clock.GetElapsedTime(shown.At) >= Lasts)
                {
                    _shown.TryRemove(new KeyValuePair<string, Indicator>(key, shown));
                }
            }
        }
    }

    private readonly record struct Indicator(long At, long TurnId);
}
