using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using TeamsBot.Cards;
using TeamsBot.Connector;
using TeamsBot.History;
using TeamsBot.Pipeline;

namespace TeamsBot.Bot;

/// <summary>
/// The stages' reply channel over a Bot Framework turn. In 1:1 chats an answer still being written after
/// <see cref="StreamingOptions.OpenAfter"/> is streamed (Teams' protocol, see <see cref="TeamsStream"/>); a quicker
/// one, answers elsewhere, or when Teams refuses the stream, get a typing indicator until one final card. A stream
/// costs Teams' per-conversation budget two sends more than one card: spent only where the user waits. Either way the user sees each part of the answer exactly once, and a stream shows only what the stage's
/// visible-part function allows of the text so far (DLP-scanned, its unfinished tail held back).
/// </summary>
internal sealed partial class TurnContextReplyChannel(
    ITurnContext context,
    ReplyAudience audience,
    StreamingOptions streaming,
    TimeProvider clock,
    ILogger logger,
    Func<string, CancellationToken, Task>? answerMessageSent = null,
    StepTyping? typingShown = null) : IReplyChannel, IAsyncDisposable
{
    /// <summary>Longest text a stream shows, leaving room in the message for the card around it.</summary>
    private const int MaxStreamedChars = AnswerActivities.MaxMessageChars / 2;

    /// <summary>How long a ready answer waits for a typing indicator already on its way to the Bot Connector.</summary>
    internal static readonly TimeSpan TypingInFlightGrace = TimeSpan.FromSeconds(2);

    private readonly StringBuilder _answer = new();

    /// <summary>Shows nothing until <see cref="BeginAnswerAsync"/> says what may be shown.</summary>
    private Func<string, string> _visiblePart = static _ => string.Empty;
    /// <summary>Ends the waits between typing indicators: the answer is here.</summary>
    private CancellationTokenSource? _typingStop;

    /// <summary>Cuts off an indicator still in flight once <see cref="TypingInFlightGrace"/> has passed.</summary>
    private CancellationTokenSource? _typingAbort;
    private Task _typing = Task.CompletedTask;
    private TeamsStream? _stream;
    private StreamState _state = StreamState.None;
    private long _streamDueAt;
    private long _streamStartedAt;
    private long _nextUpdateAt;

    /// <summary>Length of the raw answer when it was last looked at for an update: no new text, no new scan.</summary>
    private int _checkedLength;

    /// <summary>The text the stream shows now.</summary>
    private string _shown = string.Empty;

    /// <summary>What a stream finished early (at the time limit) delivered: the answer's first part.</summary>
    private string _delivered = string.Empty;

    /// <summary>The code block the early-finished part ended inside, reopened for the rest.</summary>
    private string? _reopenFence;

    private enum StreamState
    {
        /// <summary>No stream: cards are sent as new messages.</summary>
        None,

        /// <summary>An answer has begun: the first text after its due time opens the stream; until then, no stream.</summary>
        Due,

        /// <summary>Updates are shown; the next card or the answer finishes the stream.</summary>
        Open,

        /// <summary>Teams closed the stream (Stop pressed): nothing more is sent for this answer.</summary>
        Closed,
    }

    public void StartTyping()
    {
        if (_typingStop is not null)
        {
            return;
        }

        _typingStop = new CancellationTokenSource();
        _typingAbort = new CancellationTokenSource();
        _typing = KeepTypingAsync(_typingStop.Token, _typingAbort.Token);
    }

    public async Task SendCardAsync(AdaptiveCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        await StopTypingAsync();
        var activity = AnswerActivities.CardActivity(card);
        if (_state == StreamState.Open)
        {
            // The card replaces whatever was streamed (for example a partial answer the model then failed on).
            _state = StreamState.None;
            await _stream!.FinishAsync(activity, cancellationToken);
        }
        else
        {
            await context.SendActivityAsync(activity, cancellationToken);
        }

        MessageSent();
    }

    public Task BeginAnswerAsync(Func<string, string> visiblePart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visiblePart);
        _visiblePart = visiblePart;
        if (streaming.Enabled && audience.Scope == ConversationScope.Personal && _state == StreamState.None)
        {
            _state = StreamState.Due;
            _streamDueAt = clock.GetTimestamp() + ToTicks(streaming.OpenAfter);
        }

        return Task.CompletedTask;
    }

    /// <summary>Opens the stream with the informative update; refused, the answer goes as one card after typing.</summary>
    private async Task OpenStreamAsync(CancellationToken cancellationToken)
    {
        await StopTypingAsync();
        var stream = new TeamsStream(context, clock);
        if (await stream.StartAsync(streaming.ThinkingText, cancellationToken))
        {
            _stream = stream;
            _state = StreamState.Open;
            _streamStartedAt = clock.GetTimestamp();
            _nextUpdateAt = _streamStartedAt + ToTicks(streaming.UpdateInterval);
            LogStreamStarted();
            return;
        }

        _state = StreamState.None;
        LogStreamRefused();
        StartTyping();
    }

    public async Task AppendAnswerAsync(string text, CancellationToken cancellationToken)
    {
        _answer.Append(text);
        if (_state == StreamState.Due && clock.GetTimestamp() >= _streamDueAt)
        {
            await OpenStreamAsync(cancellationToken);
        }

        if (_state != StreamState.Open)
        {
            return;
        }

        long now = clock.GetTimestamp();
        if (now - _streamStartedAt >= ToTicks(streaming.MaxDuration))
        {
            await FinishEarlyAsync(cancellationToken);
            return;
        }

        if (now < _nextUpdateAt || _answer.Length == _checkedLength)
        {
            return;
        }

        // Scanned once per update interval at most, never per piece of text.
        _checkedLength = _answer.Length;
        string soFar = _visiblePart(_answer.ToString());
        if (soFar.Length == 0 || soFar == _shown)
        {
            _nextUpdateAt = now + ToTicks(streaming.UpdateInterval);
            return;
        }

        if (AnswerSplitter.WireLength(soFar) > MaxStreamedChars)
        {
            // Too long for one update: no more updates (nor measuring the growing text again); the final message and
            // its continuations carry the rest.
            _nextUpdateAt = long.MaxValue;
            return;
        }

        var (result, retryAfter) = await _stream!.UpdateAsync(soFar, cancellationToken);
        now = clock.GetTimestamp();
        switch (result)
        {
            case StreamUpdateResult.Sent:
                _shown = soFar;
                _nextUpdateAt = now + ToTicks(streaming.UpdateInterval);
                break;
            case StreamUpdateResult.Skipped:
                var wait = retryAfter is { } after && after > streaming.UpdateInterval ? after : streaming.UpdateInterval;
                _nextUpdateAt = now + ToTicks(wait);
                LogUpdateSkipped();
                break;
            default:
                _state = StreamState.Closed;
                LogStreamClosed();
                break;
        }
    }

    public Task SendAnswerAsync(string answer, string? note, CancellationToken cancellationToken) =>
        SendAnswerAsync(answer, note, [], cancellationToken);

    public async Task SendAnswerAsync(string answer, string? note, IReadOnlyList<AnswerCitation> citations,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await StopTypingAsync();
        if (_state == StreamState.Closed)
        {
            // The user stopped the stream: what they saw is where they chose to stop.
            return;
        }

        string rest = answer;
        if (_delivered.Length > 0 && answer.StartsWith(_delivered, StringComparison.Ordinal))
        {
            rest = answer[_delivered.Length..].TrimStart();
            if (rest.Length == 0)
            {
                return;
            }

            rest = _reopenFence is null ? rest : _reopenFence + "\n" + rest;
        }

        // Otherwise the scanned answer does not begin with what was delivered (a value the complete answer redacts
        // differently): it is sent whole rather than cut at a guess.

        var messages = citations.Count == 0
            ? AnswerActivities.Build(rest, note, audience)
            : AnswerActivities.BuildCited(rest, note, citations);
        for (int i = 0; i < messages.Count; i++)
        {
            if (i == 0 && _state == StreamState.Open)
            {
                _state = StreamState.None;
                await RecordAsync(await _stream!.FinishAsync(messages[0], cancellationToken), cancellationToken);
            }
            else
            {
                await RecordAsync([(await context.SendActivityAsync(messages[i], cancellationToken))?.Id],
                    cancellationToken);
            }
        }

        MessageSent();
    }

    public async ValueTask DisposeAsync() => await StopTypingAsync();

    /// <summary>
    /// Teams ends streams at two minutes: before that, what may be shown of the text so far becomes the final message
    /// (cut at a paragraph, line or word, and short enough for one message) and the rest of the answer follows as a
    /// new message.
    /// </summary>
    private async Task FinishEarlyAsync(CancellationToken cancellationToken)
    {
        string shown = _visiblePart(_answer.ToString());
        if (shown.Length > 0)
        {
            shown = shown[..LastBoundary(shown, shown.Length)];
            while (AnswerSplitter.WireLength(shown) > MaxStreamedChars)
            {
                shown = shown[..LastBoundary(shown, shown.Length * 3 / 4)];
            }
        }

        _reopenFence = AnswerSplitter.OpenFenceAt(shown);
        // Nothing may be shown yet (one long unfinished value): the whole answer follows.
        string display = shown.Length == 0 ? "…" : _reopenFence is null ? shown : shown + "\n```";
        _state = StreamState.None;
        var final = AnswerActivities.Message(BotCards.Answer(display, AnswerActivities.ContinuedNote, audience.AskerMention));
        var ids = await _stream!.FinishAsync(final, cancellationToken);
        MessageSent();
        _delivered = shown;
        LogFinishedEarly();
        await RecordAsync(ids, cancellationToken);
        StartTyping();
    }

    /// <summary>The end of the last paragraph, line or word before <paramref name="before"/>; never 0.</summary>
    private static int LastBoundary(string text, int before)
    {
        foreach (string boundary in (string[])["\n\n", "\n", " "])
        {
            int at = before <= 1 ? -1 : text.LastIndexOf(boundary, before - 1, StringComparison.Ordinal);
            if (at > 0)
            {
                return at + boundary.Length;
            }
        }

        return Math.Max(1, before);
    }

    private async Task RecordAsync(IReadOnlyList<string?> messageIds, CancellationToken cancellationToken)
    {
        foreach (string? id in messageIds)
        {
            if (id is { Length: > 0 } && answerMessageSent is not null)
            {
                await answerMessageSent(id, cancellationToken);
            }
        }
    }

    /// <summary>The message ended any typing indicator: the next question's may go at once.</summary>
    private void MessageSent() => typingShown?.MessageSent(context.Activity.Conversation.Id);

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    private async Task StopTypingAsync()
    {
        if (_typingStop is null)
        {
            return;
        }

        await _typingStop.CancelAsync();
        // An indicator cut off in flight never reaches Teams, and a quick answer would then come with none before it:
        // one already on its way is let finish first, unless the Bot Connector is too slow to be worth waiting for.
        await _typing.WaitAsync(TypingInFlightGrace, clock).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_typing.IsCompleted)
        {
            await _typingAbort!.CancelAsync();
            await _typing;
        }

        _typingStop.Dispose();
        _typingAbort!.Dispose();
        _typingStop = null;
        _typingAbort = null;
    }

    private async Task KeepTypingAsync(CancellationToken stop, CancellationToken abort)
    {
        string conversationId = context.Activity.Conversation.Id;
        try
        {
            // A late typing indicator is worthless: never retried, never queued behind the answer.
            using var once = ConnectorRetry.Suppress();
            while (true)
            {
                // In a 1:1 chat, one still showing (sent at receipt, say) is not sent again: Teams' budget is kept for
                // the answer. Elsewhere the receipt's indicator is not in the asker's thread: this one always goes.
                var due = audience.Scope == ConversationScope.Personal
                    ? typingShown?.TimeUntilDue(conversationId) ?? TimeSpan.Zero
                    : TimeSpan.Zero;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, clock, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }

                try
                {
                    await context.SendActivityAsync(new Activity(ActivityTypes.Typing), abort);
                    typingShown?.Shown(conversationId);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Typing is a courtesy: a refused or failed indicator must not fail the answer; the next may go.
                }

                // Every answer stops typing by cancelling this wait: awaited without throwing, as that is per message.
                await Task.Delay(TypingShown.Lasts, clock, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The answer came while an indicator was being sent, and the Bot Connector took too long with it.
        }
    }

    [LoggerMessage(EventId = 1231, Level = LogLevel.Debug, Message = "Streaming the answer")]
    private partial void LogStreamStarted();

    [LoggerMessage(EventId = 1232, Level = LogLevel.Information,
        Message = "Teams did not accept a stream here; the answer is sent as one message")]
    private partial void LogStreamRefused();

    [LoggerMessage(EventId = 1233, Level = LogLevel.Debug, Message = "A stream update was not taken; the next one carries its text")]
    private partial void LogUpdateSkipped();

    [LoggerMessage(EventId = 1234, Level = LogLevel.Information, Message = "Teams closed the stream (stopped by the user)")]
    private partial void LogStreamClosed();

    [LoggerMessage(EventId = 1235, Level = LogLevel.Information,
        Message = "The stream reached its time limit; the rest of the answer follows as a new message")]
    private partial void LogFinishedEarly();
}
