using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Connector;
using TeamsBot.History;
using TeamsBot.Pipeline;
using TeamsBot.Storage;

namespace TeamsBot.Turns;

/// <summary>
/// The one place that moves a turn from state to state, and the conversation leases that say who may. Every change is a
/// single conditional UPDATE, atomic on PostgreSQL and SQLite alike (the same code path): a claim succeeds only on a
/// conversation whose lease is free or lapsed, and only the holder renews or releases it.
/// </summary>
/// <remarks>
/// <para>
/// Lease times are this instance's clock: instances are expected to keep their clocks in step (NTP), and a skew eats
/// into <see cref="TurnsOptions.LeaseDuration"/>.
/// </para>
/// <para>
/// The conversation's send log goes with the lease (<see cref="ConversationRecord.SendLog"/>): the holder reads it
/// into its pacer with the turn (<see cref="NextAsync"/>) and writes back what it knows when it gives the conversation
/// up, so the instance that answers next waits for the sends of the one before. An indicator at receipt is written
/// into it with the message it is for (<see cref="TryRecordOptionalSendAsync"/>), so the step for that message does
/// not show a second one; the release writes the log without it, since the holder's messages ended it.
/// </para>
/// </remarks>
internal sealed class TurnLedger(
    IDbContextFactory<BotDbContext> contexts,
    IOptions<TurnsOptions> options,
    ConversationSendPacer pacer,
    TimeProvider clock)
{
    /// <summary>Unique per process, even where every container's process id is 1 or a name is configured twice.</summary>
    public string Owner { get; } =
        $"{options.Value.InstanceName ?? $"{Environment.MachineName}:{Environment.ProcessId}"}/{Guid.NewGuid():N}";

    /// <summary>User turns with work left: unanswered, or answered with the answer not yet delivered.</summary>
    private static readonly Expression<Func<TurnRecord, bool>> Unfinished = t => t.Role == TurnRole.User
        && (t.Status == TurnStatus.Pending || (t.Status == TurnStatus.Answered && t.AnswerDeliveredAt == null));

    /// <summary>
    /// <see cref="Unfinished"/> as SQL, the filter of the index that holds only those turns. It must say the same as
    /// the expression, as SQLite and PostgreSQL write it, or the index is not used (a test reads the plans).
    /// </summary>
    internal const string UnfinishedSql =
        "\"Role\" = 'User' AND (\"Status\" = 'Pending' OR (\"Status\" = 'Answered' AND \"AnswerDeliveredAt\" IS NULL))";

    internal const string UnfinishedIndex = "IX_turns_Unfinished";

    /// <summary>
    /// Claims up to <paramref name="max"/> conversations whose oldest unfinished turn can run now and whose lease is
    /// free, yielding each as it is claimed so that its step, and its renewals, start at once. Only the head of each
    /// conversation counts: a deferred or backing-off turn holds the later ones behind it.
    /// </summary>
    /// <remarks>
    /// Each lease runs from the time of its own update, not from the start of the claim: in a cold process the first
    /// query alone can take seconds, and a lease dated before it would lapse under a live step.
    /// </remarks>
    public async IAsyncEnumerable<string> ClaimAsync(int max,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        // Two queries, so that each is planned on its own: as one, PostgreSQL took the heads for thousands of rows and
        // walked the whole table in id order to meet them.
        var heads = await db.Turns.Where(Unfinished).GroupBy(t => t.ConversationId).Select(g => g.Min(t => t.Id))
            .ToListAsync(cancellationToken);
        if (heads.Count == 0)
        {
            yield break;
        }

        // A few more than wanted: another instance may claim some of them first.
        var candidates = await (from turn in db.Turns
                                join conversation in db.Conversations on turn.ConversationId equals conversation.Id
                                where heads.Contains(turn.Id) && (turn.NotBefore == null || turn.NotBefore <= now)
                                    && (conversation.LeaseUntil == null || conversation.LeaseUntil < now)
                                orderby turn.Id
                                select turn.ConversationId)
            .Take(max * 2).ToListAsync(cancellationToken);

        int claimed = 0;
        foreach (string conversationId in candidates)
        {
            now = Now;
            var until = now + options.Value.LeaseDuration;
            int taken = await db.Conversations
                .Where(c => c.Id == conversationId && (c.LeaseUntil == null || c.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseOwner, Owner).SetProperty(c => c.LeaseUntil, until),
                    cancellationToken);
            if (taken == 1)
            {
                yield return conversationId;
                if (++claimed == max)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Extends this instance's lease; false when another instance holds the conversation now.</summary>
    public async Task<bool> RenewAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var until = Now + options.Value.LeaseDuration;
        return await db.Conversations.Where(c => c.Id == conversationId && c.LeaseOwner == Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, until), cancellationToken) == 1;
    }

    /// <summary>
    /// Gives the conversation up at once, so that its next turn need not wait for the lease to lapse, with the sends
    /// this instance knows of for the next holder.
    /// </summary>
    public async Task ReleaseAsync(string conversationId, CancellationToken cancellationToken)
    {
        var sendLog = SendLogCodec.Encode(pacer.SendTimesOf(ConnectorRoute.KeyOf(conversationId)));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Conversations.Where(c => c.Id == conversationId && c.LeaseOwner == Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseOwner, (string?)null)
                .SetProperty(c => c.LeaseUntil, (DateTime?)null)
                .SetProperty(c => c.SendLog, sendLog), cancellationToken);
    }

    /// <summary>
    /// For a send that may be left out (the typing indicator at receipt of the stored message <paramref name="turnId"/>)
    /// on an instance without the lease, where instances share the database: takes its slot
    /// (<see cref="ConversationSendPacer.TryTakeOptionalSlot"/>) by the conversation's send log as well as this
    /// instance's own sends, and records it in the log, so that the instance that answers next counts it, and knows
    /// the indicator shows (<see cref="TurnWork.ReceiptIndicatorAt"/>). False, and nothing to send, while another
    /// instance holds the lease (its sends since its claim are known only there), when the budget is spent, or when
    /// the log changed meanwhile. Also false while the message <paramref name="showingFor"/>, for which this instance
    /// showed an indicator that has not run out, is unanswered: no message has ended that indicator, here or on
    /// another instance.
    /// </summary>
    public async Task<bool> TryRecordOptionalSendAsync(string conversationId, long turnId, long? showingFor,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        // One round trip for both: this runs for nearly every message.
        var stored = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
            .Select(c => new
            {
                c.SendLog,
                c.LeaseOwner,
                c.LeaseUntil,
                StillShowing = showingFor != null && db.Turns.Where(Unfinished).Any(t => t.Id == showingFor),
            }).SingleOrDefaultAsync(cancellationToken);
        if (stored is null || stored.StillShowing
            || (stored.LeaseOwner is not null && stored.LeaseOwner != Owner && stored.LeaseUntil >= now))
        {
            return false;
        }

        string key = ConnectorRoute.KeyOf(conversationId);
        pacer.Merge(key, SendLogCodec.Decode(stored.SendLog));
        if (!pacer.TryTakeOptionalSlot(key))
        {
            return false;
        }

        var read = stored.SendLog;
        var sendLog = SendLogCodec.Encode(pacer.SendTimesOf(key),
            new ReceiptIndicator(turnId, clock.GetUtcNow().ToUnixTimeMilliseconds()));
        // Only over the log as read, and while no other instance holds the lease: else its holder might not count it.
        return await db.Conversations
            .Where(c => c.Id == conversationId && c.SendLog == read
                && (c.LeaseUntil == null || c.LeaseUntil < now || c.LeaseOwner == Owner))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendLog, sendLog), cancellationToken) == 1;
    }

    /// <summary>The conversation's oldest unfinished turn when it can run now; read under the lease.</summary>
    public async Task<TurnWork?> NextAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // First, whatever the turn: the release writes back what this instance knows, and must not forget these.
        var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId,
            cancellationToken);
        var (sendTimes, indicator) = SendLogCodec.DecodeWithIndicator(conversation.SendLog);
        pacer.Merge(ConnectorRoute.KeyOf(conversationId), sendTimes);
        var head = await db.Turns.AsNoTracking().Where(t => t.ConversationId == conversationId).Where(Unfinished)
            .OrderBy(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        if (head is null || head.NotBefore > now)
        {
            return null;
        }

        // An indicator at receipt of this message or a later one, by whichever instance: it still shows, unless a
        // holder sent a message since, and that holder's release wrote the log without it.
        DateTimeOffset? indicatorAt = indicator is { } shown && shown.TurnId >= head.Id
            ? DateTimeOffset.FromUnixTimeMilliseconds(shown.SentAt)
            : null;
        var pending = new PendingTurn(head.Id, head.ConversationId, head.ActivityId!, head.TenantId, head.UserId,
            head.UserName, conversation.Scope, head.Text, head.ContextEpoch, conversation.ReferenceJson, head.CreatedAt,
            head.DlpVerdict, head.WaitNoticeSent);
        if (head.Status == TurnStatus.Pending)
        {
            // A message waiting for the model is ended by the model stage after Model:OutageWait, with its own card.
            var kind = !head.WaitNoticeSent && now - head.CreatedAt > options.Value.AnswerDeadline
                ? TurnWorkKind.Expire
                : TurnWorkKind.Answer;
            return new TurnWork(kind, pending, head.Attempts) { ReceiptIndicatorAt = indicatorAt };
        }

        var answer = await db.Turns.AsNoTracking()
            .Where(t => t.ReplyToId == head.Id && t.Role == TurnRole.Assistant)
            .Select(t => new { t.Text, t.AnswerNote, t.AnswerCitations, t.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        return answer is null
            ? new TurnWork(TurnWorkKind.Answer, pending, head.Attempts) { ReceiptIndicatorAt = indicatorAt }
            : new TurnWork(TurnWorkKind.Deliver, pending, head.Attempts, answer.Text, answer.AnswerNote,
                answer.CreatedAt, AnswerCitation.Deserialise(answer.AnswerCitations))
            { ReceiptIndicatorAt = indicatorAt };
    }

    /// <summary>
    /// Pending → Answered, with the answer waiting in the outbox (not delivered), the question stored as the model saw
    /// it. Called inside the transaction that stores the answer; false when the turn was no longer pending.
    /// </summary>
    public static async Task<bool> MarkAnsweredAsync(BotDbContext db, long turnId, string questionText,
        int questionTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Turns.Where(t => t.Id == turnId && t.Status == TurnStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TurnStatus.Answered)
                .SetProperty(t => t.AnswerDeliveredAt, (DateTime?)null).SetProperty(t => t.NotBefore, (DateTime?)null)
                .SetProperty(t => t.Text, questionText).SetProperty(t => t.TokenCount, questionTokens),
                cancellationToken) == 1;
    }

    /// <summary>The stored answer reached the Bot Connector: the turn is done.</summary>
    public Task MarkDeliveredAsync(long turnId, CancellationToken cancellationToken) =>
        UpdateAsync(Delivering(turnId), Delivered, cancellationToken);

    /// <summary>
    /// The stored answer reached the Bot Connector as the messages <paramref name="messageIds"/>: the turn is done, and
    /// feedback on those messages finds it. One transaction for both. Should the ids not go in, the mark is written
    /// alone: it is what keeps the answer from going out twice, the ids serve only feedback. False when so.
    /// </summary>
    public async Task<bool> MarkDeliveredAsync(long turnId, string conversationId,
        IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            await MarkDeliveredAsync(turnId, cancellationToken);
            return true;
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // A failed save abandons the whole transaction (the mark is then written alone): a savepoint to roll back
            // to would only add two round trips to every answer.
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Turns.Where(Delivering(turnId)).ExecuteUpdateAsync(Delivered, cancellationToken) == 1)
            {
                await EfConversationStore.AddAnswerMessagesAsync(db, conversationId, messageIds, turnId, Now,
                    cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The user's data was forgotten meanwhile, say: the mark alone.
            await MarkDeliveredAsync(turnId, cancellationToken);
            return false;
        }
    }

    /// <summary>The model is unavailable: the turn stays pending, unclaimable until <paramref name="until"/>.</summary>
    public Task DeferAsync(long turnId, DateTimeOffset until, bool waitNoticeSent, CancellationToken cancellationToken) =>
        UpdateAsync(t => t.Id == turnId && t.Status == TurnStatus.Pending,
            s => s.SetProperty(t => t.NotBefore, until.UtcDateTime).SetProperty(t => t.WaitNoticeSent, waitNoticeSent),
            cancellationToken);

    /// <summary>Sending failed for now (delivery or the deadline card): tried again from <paramref name="notBefore"/>.</summary>
    public Task RetryLaterAsync(long turnId, DateTime notBefore, CancellationToken cancellationToken) =>
        UpdateAsync(t => t.Id == turnId,
            s => s.SetProperty(t => t.NotBefore, notBefore).SetProperty(t => t.Attempts, t => t.Attempts + 1),
            cancellationToken);

    /// <summary>
    /// An unanswered turn ends: Refused, Failed or Expired. <paramref name="storedText"/>, when given, replaces its text.
    /// </summary>
    public Task FinishAsync(long turnId, TurnStatus status, string? storedText, CancellationToken cancellationToken)
    {
        if (status is not (TurnStatus.Refused or TurnStatus.Failed or TurnStatus.Expired))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "Only an unanswered turn ends this way.");
        }

        return storedText is null
            ? UpdateAsync(t => t.Id == turnId && t.Status == TurnStatus.Pending,
                s => s.SetProperty(t => t.Status, status).SetProperty(t => t.NotBefore, (DateTime?)null),
                cancellationToken)
            : UpdateAsync(t => t.Id == turnId && t.Status == TurnStatus.Pending,
                s => s.SetProperty(t => t.Status, status).SetProperty(t => t.NotBefore, (DateTime?)null)
                    .SetProperty(t => t.Text, storedText), cancellationToken);
    }

    /// <summary>The delivery window ended with the answer stored but never taken by the Bot Connector.</summary>
    public Task MarkUndeliveredAsync(long turnId, CancellationToken cancellationToken) =>
        UpdateAsync(t => t.Id == turnId && t.Status == TurnStatus.Answered && t.AnswerDeliveredAt == null,
            s => s.SetProperty(t => t.Status, TurnStatus.Undelivered).SetProperty(t => t.NotBefore, (DateTime?)null),
            cancellationToken);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static Expression<Func<TurnRecord, bool>> Delivering(long turnId) =>
        t => t.Id == turnId && t.Status == TurnStatus.Answered;

    private void Delivered(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<TurnRecord> s) =>
        s.SetProperty(t => t.AnswerDeliveredAt, Now).SetProperty(t => t.NotBefore, (DateTime?)null);

    private async Task UpdateAsync(Expression<Func<TurnRecord, bool>> which,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<TurnRecord>> set,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Turns.Where(which).ExecuteUpdateAsync(set, cancellationToken);
    }
}
