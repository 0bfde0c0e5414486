using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using TeamsBot.Connector;
using TeamsBot.Hosting;
using TeamsBot.Storage;
using TeamsBot.Turns;

namespace TeamsBot.Bot;

/// <summary>
/// Shows the user a typing indicator as soon as a message is stored, before any worker slot is free: under load a
/// message can wait seconds for a slot, and the user should see at once that it was taken. A few senders work through
/// a bounded queue, so a burst of messages never becomes a burst of connections to the Bot Connector; an indicator
/// that cannot be sent soon is dropped, never queued behind the answer.
/// </summary>
/// <remarks>
/// <para>
/// A typing indicator is not a message: it carries no text, is not stored, is not part of the answer and has no order
/// with respect to messages (Teams shows it until the next message arrives, or for about three seconds). So it may be
/// sent by the instance that received the message while another instance holds the conversation's lease and sends the
/// answer; the one-sender rule is about the messages the user reads. It still goes through the per-conversation pacer,
/// is tried once (<see cref="ConnectorRetry.Suppress"/>), and the model is not called for it.
/// </para>
/// <para>
/// Where instances share the database (PostgreSQL), the pacer here does not see the other instances' sends: the
/// indicator then goes only while no other instance holds the conversation's lease, and is recorded in the
/// conversation's send log before it is sent (<see cref="TurnLedger.TryRecordOptionalSendAsync"/>), so that the
/// instances stay within Teams' limits together, and the instance that answers the message knows it shows and does
/// not send a second one. Nor does this instance see the messages the others sent: an indicator it showed for an
/// earlier message, less than three seconds ago, still shows only while that message is unanswered in the database.
/// With SQLite there is one instance, and it sees every send.
/// </para>
/// <para>
/// It is not sent once this instance has started the step for that message, or for a later one of the conversation
/// (<see cref="Answering"/>): from then on the step shows its own typing or stream, and a late indicator must not
/// appear after the answer. A step for an earlier message does not cover it: in a quick exchange the next question
/// arrives while the step that answered the last one still writes its records, and that step shows nothing more.
/// </para>
/// </remarks>
internal sealed partial class ReceiptTyping(
    CloudAdapter adapter,
    TypingShown shown,
    ConversationSendPacer pacer,
    TurnLedger ledger,
    RequestDoor door,
    IOptions<BotAuthenticationOptions> identity,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<ReceiptTyping> logger) : BackgroundService
{
    /// <summary>Typing indicators in flight to the Bot Connector at once, from this instance.</summary>
    internal const int Senders = 4;

    /// <summary>Indicators waiting to be sent; beyond this a new one is dropped (the answer comes anyway).</summary>
    private const int QueueCapacity = 1024;

    /// <summary>Older than this an indicator is not worth sending: the worker's own typing is due, or the answer.</summary>
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly Channel<QueuedTyping> _queue = Channel.CreateBounded<QueuedTyping>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// The latest queued indicator per conversation, by the stored turn it is for: one send covers every message
    /// queued before it.
    /// </summary>
    private readonly ConcurrentDictionary<string, long> _waiting = new(StringComparer.Ordinal);

    /// <summary>Conversations with a step running on this instance: how many, and the latest turn one started on.</summary>
    private readonly ConcurrentDictionary<string, RunningSteps> _answering = new(StringComparer.Ordinal);

    /// <summary>Queues the indicator for the stored turn <paramref name="turnId"/>; returns at once.</summary>
    public void Queue(string conversationId, long turnId, ConversationReference reference)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(reference);
        if (IsAnswered(conversationId, turnId))
        {
            return;
        }

        _waiting[conversationId] = turnId;
        if (!_queue.Writer.TryWrite(new QueuedTyping(conversationId, turnId, reference, clock.GetTimestamp())))
        {
            _waiting.TryRemove(new KeyValuePair<string, long>(conversationId, turnId));
            LogDropped();
        }
    }

    /// <summary>
    /// Marks the step for <paramref name="turnId"/> as running here until disposed: an indicator still queued for that
    /// turn or an earlier one of the conversation is not sent. One for a later message still goes.
    /// </summary>
    public IDisposable Answering(string conversationId, long turnId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        _answering.AddOrUpdate(conversationId, new RunningSteps(1, turnId),
            (_, running) => new RunningSteps(running.Count + 1, Math.Max(running.LatestTurnId, turnId)));
        if (_waiting.TryGetValue(conversationId, out long waiting) && waiting <= turnId)
        {
            _waiting.TryRemove(new KeyValuePair<string, long>(conversationId, waiting));
        }

        return new AnsweringMark(this, conversationId);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendQueuedAsync(stoppingToken)));

    private async Task SendQueuedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var typing in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                // Acknowledgements first: a burst of messages is acknowledged before its indicators take the cores.
                // Waited before the checks below, so a step that started meanwhile still cancels the indicator.
                await door.WhenQuietAsync(stoppingToken);

                // Gone from the map: its step started here, or a later message of the conversation queued its own.
                if (!_waiting.TryRemove(new KeyValuePair<string, long>(typing.ConversationId, typing.TurnId))
                    || IsAnswered(typing.ConversationId, typing.TurnId))
                {
                    continue;
                }

                if (clock.GetElapsedTime(typing.QueuedAt) > MaxAge)
                {
                    LogStale();
                    continue;
                }

                long? showing = shown.ShowingFor(typing.Reference.Conversation.Id);
                if (showing is not null && !SharedDatabase)
                {
                    // The indicator for an earlier message still shows: this instance sent every message since.
                    continue;
                }

                if (!await TryTakeSlotAsync(typing.ConversationId, typing.TurnId, showing, stoppingToken))
                {
                    // The send would be refused for the conversation's budget, another instance answers there now,
                    // or the earlier indicator still shows: no proactive turn (a connector client, a turn context, a
                    // refused request and its exception) only to learn that.
                    LogNotDue();
                    continue;
                }

                await SendAsync(typing, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Instances may share the database: other instances send to the same conversations.</summary>
    private bool SharedDatabase => storage.Value.Provider == StorageProvider.Postgres;

    /// <summary>
    /// Takes the slot of the indicator for the stored message <paramref name="turnId"/> in the conversation's budget,
    /// as every instance spent it, unless the indicator this instance showed for the message
    /// <paramref name="showing"/> still shows.
    /// </summary>
    private async Task<bool> TryTakeSlotAsync(string conversationId, long turnId, long? showing,
        CancellationToken stoppingToken)
    {
        if (!SharedDatabase)
        {
            return pacer.TryTakeOptionalSlot(ConnectorRoute.KeyOf(conversationId));
        }

        try
        {
            return await ledger.TryRecordOptionalSendAsync(conversationId, turnId, showing, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database is away: the answer comes when it is back, and this indicator is worthless by then.
            string type = exception.GetType().Name;
            LogSendFailed(type);
            return false;
        }
    }

    private async Task SendAsync(QueuedTyping typing, CancellationToken stoppingToken)
    {
        try
        {
            // Worthless late: tried once; its slot is taken already (TryTakeSlotAsync).
            using var once = ConnectorRetry.Suppress(slotTaken: true);
            await adapter.ContinueConversationAsync(identity.Value.MicrosoftAppId ?? string.Empty, typing.Reference,
                (context, ct) => context.SendActivityAsync(new Activity(ActivityTypes.Typing), ct), stoppingToken);
            shown.Shown(typing.Reference.Conversation.Id, typing.TurnId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            string type = exception.GetType().Name;
            LogSendFailed(type);
        }
    }

    /// <summary>A step for this turn, or for a later one of the conversation, runs here: it shows its own typing.</summary>
    private bool IsAnswered(string conversationId, long turnId) =>
        _answering.TryGetValue(conversationId, out var running) && running.LatestTurnId >= turnId;

    private void EndAnswering(string conversationId)
    {
        while (_answering.TryGetValue(conversationId, out var running))
        {
            bool done = running.Count == 1
                ? _answering.TryRemove(new KeyValuePair<string, RunningSteps>(conversationId, running))
                : _answering.TryUpdate(conversationId, running with { Count = running.Count - 1 }, running);
            if (done)
            {
                return;
            }
        }
    }

    private readonly record struct QueuedTyping(string ConversationId, long TurnId, ConversationReference Reference,
        long QueuedAt);

    private readonly record struct RunningSteps(int Count, long LatestTurnId);

    private sealed class AnsweringMark(ReceiptTyping owner, string conversationId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.EndAnswering(conversationId);
            }
        }
    }

    [LoggerMessage(EventId = 1241, Level = LogLevel.Debug,
        Message = "Typing indicator at receipt dropped: too many waiting to be sent")]
    private partial void LogDropped();

    [LoggerMessage(EventId = 1242, Level = LogLevel.Debug,
        Message = "Typing indicator at receipt not sent: it waited too long")]
    private partial void LogStale();

    [LoggerMessage(EventId = 1243, Level = LogLevel.Debug,
        Message = "Typing indicator at receipt could not be sent ({ExceptionType})")]
    private partial void LogSendFailed(string exceptionType);

    [LoggerMessage(EventId = 1244, Level = LogLevel.Debug,
        Message = "Typing indicator at receipt not sent: the conversation's sending budget keeps its room for answers, another instance answers there now, or the earlier indicator still shows")]
    private partial void LogNotDue();
}
