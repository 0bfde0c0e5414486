using System.Collections.Concurrent;

namespace TeamsBot.Bot;

/// <summary>
/// When a typing indicator was last shown in each conversation by this instance, so that one still showing is not
/// sent again: every indicator is a send in Teams' per-conversation budget, which the answer needs more. A message
/// ends the indicator (Teams hides it when the bot's message arrives), so the next question's indicator goes at once.
/// Thread-safe; one instance serves the app. Entries older than <see cref="Lasts"/> say nothing and are swept.
/// </summary>
internal sealed class TypingShown(TimeProvider clock)
{
    /// <summary>Teams shows a typing indicator for about three seconds.</summary>
    public static readonly TimeSpan Lasts = TimeSpan.FromSeconds(3);

    /// <summary>Above this many conversations, those whose indicator has run out are forgotten.</summary>
    private const int SweepAbove = 4096;

    private readonly ConcurrentDictionary<string, long> _shownAt = new(StringComparer.Ordinal);

    /// <summary>An indicator was just accepted by the Bot Connector for <paramref name="conversationId"/>.</summary>
    public void Shown(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        _shownAt[conversationId] = clock.GetTimestamp();
        if (_shownAt.Count > SweepAbove)
        {
            foreach (var (key, at) in _shownAt)
            {
                if (clock.GetElapsedTime(at) >= Lasts)
                {
                    _shownAt.TryRemove(new KeyValuePair<string, long>(key, at));
                }
            }
        }
    }

    /// <summary>A message went to <paramref name="conversationId"/>: Teams stops showing the indicator with it.</summary>
    public void MessageSent(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        _shownAt.TryRemove(conversationId, out _);
    }

    /// <summary>How long the last indicator in the conversation still shows; zero when a new one is due.</summary>
    public TimeSpan TimeUntilDue(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        if (!_shownAt.TryGetValue(conversationId, out long at))
        {
            return TimeSpan.Zero;
        }

        var left = Lasts - clock.GetElapsedTime(at);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
