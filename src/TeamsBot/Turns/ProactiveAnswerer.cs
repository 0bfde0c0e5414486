using System.Runtime.ExceptionServices;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using TeamsBot.Audit;
using TeamsBot.Bot;
using TeamsBot.Cards;
using TeamsBot.Connector;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Hosting;
using TeamsBot.Pipeline;
using TeamsBot.Telemetry;

namespace TeamsBot.Turns;

/// <summary>
/// Does one step of a claimed conversation inside a proactive turn on it: answers a stored message (the pipeline, the
/// model called once), delivers a stored answer the Bot Connector did not take before (no model call), or tells the
/// user that a message waited past the deadline. Every outcome goes to <see cref="TurnLedger"/>.
/// </summary>
/// <remarks>
/// The one duplicate left: the Bot Connector has no idempotency key, so when this process dies (kill -9, power) after
/// the connector took the final message but before <see cref="TurnLedger.MarkDeliveredAsync(long, string, IReadOnlyCollection{string}, CancellationToken)"/> stored that, the
/// stored answer is delivered again by whichever instance claims the conversation next: the user sees that answer
/// twice (the model is not called again). The window is one database write right after the send
/// (<see cref="OutboxReplyChannel"/>); for an answer split over several messages it spans their sends.
/// </remarks>
internal sealed partial class ProactiveAnswerer(
    CloudAdapter adapter,
    TurnPipeline pipeline,
    TurnLedger ledger,
    ReceiptTyping receiptTyping,
    TypingShown typingShown,
    IAuditLog audit,
    IOptions<BotAuthenticationOptions> identity,
    IOptionsMonitor<StreamingOptions> streaming,
    IOptions<ConnectorOptions> connector,
    IOptions<TurnsOptions> turns,
    TimeProvider clock,
    ILogger<ProactiveAnswerer> logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    public async Task RunAsync(TurnWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        // From here the step shows its own typing or stream: none from the receipt for this message any more.
        using var answering = receiptTyping.Answering(work.Turn.ConversationId, work.Turn.TurnId);
        BotCallbackHandler step = work.Kind switch
        {
            TurnWorkKind.Answer => (context, ct) => AnswerAsync(context, work.Turn, ct),
            TurnWorkKind.Deliver => (context, ct) => DeliverAsync(context, work, ct),
            _ => (context, ct) => ExpireAsync(context, work, ct),
        };
        try
        {
            var reference = JsonConvert.DeserializeObject<ConversationReference>(work.Turn.ReferenceJson)!;
            if (work.ReceiptIndicatorAt is { } indicatorAt)
            {
                // Shown by the instance that received the message, perhaps another: this step's typing waits for it.
                typingShown.ShownAt(reference.Conversation.Id, work.Turn.TurnId, indicatorAt);
            }

            ExceptionDispatchInfo? failed = null;
            await adapter.ContinueConversationAsync(identity.Value.MicrosoftAppId ?? string.Empty, reference,
                async (context, ct) =>
                {
                    try
                    {
                        await step(context, ct);
                    }
                    catch (Exception exception)
                    {
                        // Kept from the adapter's error handler: that one tells the user an inbound message was not
                        // taken, and this message was taken (stored) long ago.
                        failed = ExceptionDispatchInfo.Capture(exception);
                    }
                }, cancellationToken);
            failed?.Throw();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The proactive turn could not start (the connector refusing a token, say), or its step failed past what
            // it handles itself (the database away): tried again later, as stored.
            LogStepFailed(work.Turn.TurnId, work.Kind, exception.GetType().Name);
            await SendFailedAsync(work, CancellationToken.None);
        }
    }

    private async Task AnswerAsync(ITurnContext context, PendingTurn pending, CancellationToken cancellationToken)
    {
        ReplyToUsersMessage(context, pending);
        var sentMessageIds = new List<string>();
        await using var reply = ReplyChannel(context, pending, sentMessageIds);
        var turn = new TurnRequest
        {
            TurnId = pending.TurnId,
            ConversationId = pending.ConversationId,
            ActivityId = pending.ActivityId,
            TenantId = pending.TenantId,
            UserId = pending.UserId,
            UserName = pending.UserName,
            Scope = pending.Scope,
            ContextEpoch = pending.ContextEpoch,
            Text = pending.Text,
            ReceiptDlp = DlpVerdict.TryParse(pending.DlpVerdict),
            ReceivedAt = pending.ReceivedAt,
            WaitNoticeSent = pending.WaitNoticeSent,
            Reply = new OutboxReplyChannel(reply,
                ct => DeliveredAsync(pending, sentMessageIds, ct)),
        };
        QueueTelemetry.Started(pending.ReceivedAt, clock);
        try
        {
            reply.StartTyping();
            await pipeline.RunAsync(turn, cancellationToken);
            if (turn.Outcome == TurnOutcome.Undecided)
            {
                turn.Fail("pipeline.undecided");
                await reply.SendCardAsync(BotCards.Unexpected(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down, or the lease was lost: the turn stays as stored (pending, or answered and waiting for
            // delivery) and is taken up by whichever instance claims the conversation next.
            LogPostponed(pending.TurnId);
            return;
        }
        catch (Exception exception)
        {
            LogTurnFailed(pending.TurnId, exception.GetType().Name);
            if (!turn.AnswerStored)
            {
                turn.Fail("unexpected");
                await TrySendAsync(reply, BotCards.Unexpected());
            }
        }

        LogCompleted(pending.TurnId, turn.Outcome, turn.Reason);
        QueueTelemetry.Finished(pending.ReceivedAt, clock);
        await RecordOutcomeAsync(turn, pending);
    }

    /// <summary>Whatever happens to the turn from here is written, even on shutdown: the work is done.</summary>
    private async Task RecordOutcomeAsync(TurnRequest turn, PendingTurn pending)
    {
        if (turn.AnswerStored)
        {
            // Delivered: already marked so by the reply channel, the moment the connector took it.
            if (!turn.AnswerDelivered)
            {
                await ledger.RetryLaterAsync(pending.TurnId, RetryAt(0), CancellationToken.None);
            }

            return;
        }

        switch (turn.Outcome)
        {
            case TurnOutcome.Deferred:
                // Not a failure and not an attempt: the turn waits, and the conversation's later turns behind it.
                await ledger.DeferAsync(pending.TurnId, turn.DeferredUntil ?? clock.GetUtcNow(), turn.WaitNoticeSent,
                    CancellationToken.None);
                break;
            case TurnOutcome.Refused or TurnOutcome.Failed:
                var status = turn.Outcome == TurnOutcome.Refused ? TurnStatus.Refused : TurnStatus.Failed;
                await ledger.FinishAsync(pending.TurnId, status, turn.Text == pending.Text ? null : turn.Text,
                    CancellationToken.None);
                break;
        }
    }

    /// <summary>A stored answer, sent again as new messages (a stream from before is gone); the model is not called.</summary>
    private async Task DeliverAsync(ITurnContext context, TurnWork work, CancellationToken cancellationToken)
    {
        ReplyToUsersMessage(context, work.Turn);
        var sentMessageIds = new List<string>();
        await using var reply = ReplyChannel(context, work.Turn, sentMessageIds);
        try
        {
            await reply.SendAnswerAsync(work.Answer!, work.AnswerNote, work.Citations ?? [], cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeliveryFailed(work.Turn.TurnId, work.Attempts + 1, exception.GetType().Name);
            await SendFailedAsync(work, CancellationToken.None);
            return;
        }

        // See the remarks on the class: the duplicate window is between the send above and this write.
        await DeliveredAsync(work.Turn, sentMessageIds, CancellationToken.None);
        LogDelivered(work.Turn.TurnId, work.Attempts + 1);
    }

    private async Task ExpireAsync(ITurnContext context, TurnWork work, CancellationToken cancellationToken)
    {
        ReplyToUsersMessage(context, work.Turn);
        await using var reply = ReplyChannel(context, work.Turn, sentMessageIds: null);
        try
        {
            await reply.SendCardAsync(BotCards.NotAnsweredInTime(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeliveryFailed(work.Turn.TurnId, work.Attempts + 1, exception.GetType().Name);
            await SendFailedAsync(work, CancellationToken.None);
            return;
        }

        await ledger.FinishAsync(work.Turn.TurnId, TurnStatus.Expired, null, CancellationToken.None);
        LogExpired(work.Turn.TurnId);
        await AuditAsync(work.Turn, "turn.deadline");
    }

    /// <summary>
    /// Sending failed after the connector's own retries: tried again later with a growing pause, until the delivery
    /// window (counted from the stored answer, or from the deadline for the deadline card) ends.
    /// </summary>
    private async Task SendFailedAsync(TurnWork work, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? windowStart = work.Kind switch
        {
            TurnWorkKind.Deliver => work.AnswerStoredAt,
            TurnWorkKind.Expire => work.Turn.ReceivedAt + turns.Value.AnswerDeadline,
            _ => null,
        };
        if (windowStart is null)
        {
            // Answering could not even start a turn on the conversation: nothing stored, tried again shortly.
            await ledger.RetryLaterAsync(work.Turn.TurnId, RetryAt(work.Attempts), cancellationToken);
            return;
        }

        if (now - windowStart.Value <= connector.Value.DeliveryWindow)
        {
            await ledger.RetryLaterAsync(work.Turn.TurnId, RetryAt(work.Attempts), cancellationToken);
            return;
        }

        if (work.Kind == TurnWorkKind.Deliver)
        {
            await ledger.MarkUndeliveredAsync(work.Turn.TurnId, cancellationToken);
            LogUndelivered(work.Turn.TurnId, work.Attempts + 1);
            await AuditAsync(work.Turn, "delivery.window");
        }
        else
        {
            await ledger.FinishAsync(work.Turn.TurnId, TurnStatus.Expired, null, cancellationToken);
            LogExpired(work.Turn.TurnId);
            await AuditAsync(work.Turn, "turn.deadline");
        }
    }

    private DateTime RetryAt(int attempts)
    {
        double seconds = Math.Min(LongestRetry.TotalSeconds, FirstRetry.TotalSeconds * Math.Pow(2, Math.Min(attempts, 10)));
        // Jitter, so that conversations cut off by the same outage do not all come back in the same second.
        seconds *= 0.5 + (Random.Shared.NextDouble() / 2);
        return clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(seconds);
    }

    private async Task AuditAsync(PendingTurn pending, string rule)
    {
        try
        {
            await audit.AppendAsync(new AuditEntry
            {
                TenantId = pending.TenantId,
                UserId = pending.UserId,
                ConversationId = pending.ConversationId,
                Scope = pending.Scope.ToString(),
                PolicyVersion = "none",
                Decision = AuditDecision.Failed,
                Rule = rule,
                MessageText = pending.Text,
            }, CancellationToken.None);
        }
        catch (Exception exception)
        {
            string type = exception.GetType().Name;
            LogAuditFailed(pending.TurnId, type);
        }
    }

    /// <summary>A proactive turn would reply to its own synthetic event; the answer belongs to the user's message.</summary>
    private static void ReplyToUsersMessage(ITurnContext context, PendingTurn pending) =>
        context.OnSendActivities((_, activities, next) =>
        {
            activities.ForEach(a => a.ReplyToId = pending.ActivityId);
            return next();
        });

    /// <summary>The ids of the answer's messages are only collected while sending: written once it is marked delivered.</summary>
    private TurnContextReplyChannel ReplyChannel(ITurnContext context, PendingTurn pending, List<string>? sentMessageIds) =>
        new(context, new ReplyAudience(pending.Scope, pending.UserId, pending.UserName), streaming.CurrentValue, clock,
            logger, sentMessageIds is null ? null : (messageId, _) =>
            {
                sentMessageIds.Add(messageId);
                return Task.CompletedTask;
            }, typingShown.ForStep(pending.TurnId));

    /// <summary>
    /// The connector took the answer: marked delivered (the duplicate window) with its message ids, in one write.
    /// </summary>
    private async Task DeliveredAsync(PendingTurn pending, List<string> sentMessageIds, CancellationToken cancellationToken)
    {
        if (!await ledger.MarkDeliveredAsync(pending.TurnId, pending.ConversationId, sentMessageIds, cancellationToken))
        {
            // The answer is delivered; only feedback on its messages will not find its turn.
            LogAnswerMessageNotRecorded(pending.TurnId, nameof(DbUpdateException));
        }
    }

    private async Task TrySendAsync(TurnContextReplyChannel reply, AdaptiveCard card)
    {
        try
        {
            await reply.SendCardAsync(card, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogReplyFailed(exception.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Turn {TurnId} ended: {Outcome} {Reason}")]
    private partial void LogCompleted(long turnId, TurnOutcome outcome, string? reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "Turn {TurnId} failed unexpectedly ({ExceptionType})")]
    private partial void LogTurnFailed(long turnId, string exceptionType);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information,
        Message = "Turn {TurnId} postponed (shutdown or lease lost); the instance that claims its conversation next takes it up")]
    private partial void LogPostponed(long turnId);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: the answer's message id could not be stored ({ExceptionType})")]
    private partial void LogAnswerMessageNotRecorded(long turnId, string exceptionType);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Could not send the error card ({ExceptionType})")]
    private partial void LogReplyFailed(string exceptionType);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: {Kind} could not start a turn on the conversation ({ExceptionType}); tried again later")]
    private partial void LogStepFailed(long turnId, TurnWorkKind kind, string exceptionType);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: the Bot Connector did not take the message (attempt {Attempt}, {ExceptionType})")]
    private partial void LogDeliveryFailed(long turnId, int attempt, string exceptionType);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information,
        Message = "Turn {TurnId}: the stored answer was delivered (attempt {Attempt})")]
    private partial void LogDelivered(long turnId, int attempt);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Error,
        Message = "Turn {TurnId}: the answer was not delivered within Connector:DeliveryWindow after {Attempts} attempts; given up")]
    private partial void LogUndelivered(long turnId, int attempts);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Warning,
        Message = "Turn {TurnId} was not answered within Turns:AnswerDeadline; it is closed as Expired")]
    private partial void LogExpired(long turnId);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Critical,
        Message = "Turn {TurnId}: the audit record could not be written ({ExceptionType})")]
    private partial void LogAuditFailed(long turnId, string exceptionType);
}
