using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.History;

/// <summary>
/// Stores received messages, those that arrive while a write is under way together in the next transaction: a burst
/// of messages shares a few commits (and on SQLite a few syncs) instead of taking one each in turn, so the last of
/// fifty simultaneous acknowledgements no longer waits for fifty commits (112 ms of them, docs/benchmarks.md). A
/// message that arrives alone is written at once, by its own caller.
/// </summary>
/// <remarks>
/// One batch is written at a time per instance. A batch that fails on a unique key (another instance stored one of its
/// messages, or created one of its conversations, after the batch read) is rolled back whole and each message is then
/// stored on its own, so exactly one delivery of an activity wins, as before.
/// </remarks>
internal sealed class IncomingTurnWriter(IDbContextFactory<BotDbContext> contexts, TimeProvider clock)
{
    /// <summary>Most messages in one transaction: a burst beyond it is written in several.</summary>
    internal const int MaxBatch = 64;

    private readonly Lock _lock = new();
    private readonly Queue<Waiting> _queue = new();
    private bool _writing;

    /// <summary>Messages waiting for the write under way to end: for tests.</summary>
    internal int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// The stored turn's id once the message is committed; null when this activity is already stored (Teams
    /// delivered it again). Cancelling stops the wait, not the write: a message taken into a batch may still be stored.
    /// </summary>
    public async Task<long?> SaveAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var waiting = new Waiting(message);
        bool writeNow;
        lock (_lock)
        {
            _queue.Enqueue(waiting);
            writeNow = !_writing;
            _writing = true;
        }

        if (writeNow)
        {
            // Nothing was being written: this caller writes (its message heads the queue) without a thread hop.
            await WriteNextBatchAsync();
        }

        return await waiting.Stored.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes the queued messages, then hands the queue on to a pool thread if more arrived meanwhile.</summary>
    private async Task WriteNextBatchAsync()
    {
        Waiting[] batch;
        lock (_lock)
        {
            batch = new Waiting[Math.Min(_queue.Count, MaxBatch)];
            for (int i = 0; i < batch.Length; i++)
            {
                batch[i] = _queue.Dequeue();
            }
        }

        await WriteAsync(batch);
        lock (_lock)
        {
            if (_queue.Count == 0)
            {
                _writing = false;
                return;
            }
        }

        _ = Task.Run(WriteNextBatchAsync);
    }

    /// <summary>Completes every waiting caller of <paramref name="batch"/>; never throws.</summary>
    private async Task WriteAsync(Waiting[] batch)
    {
        try
        {
            long?[] ids = await StoreAsync(batch);
            for (int i = 0; i < batch.Length; i++)
            {
                batch[i].Stored.TrySetResult(ids[i]);
            }
        }
        catch (DbUpdateException) when (batch.Length > 1)
        {
            foreach (var one in batch)
            {
                await WriteAsync([one]);
            }
        }
        catch (DbUpdateException exception)
        {
            await SettleConflictAsync(batch[0], exception);
        }
        catch (Exception exception)
        {
            foreach (var one in batch)
            {
                one.Stored.TrySetException(exception);
            }
        }
    }

    /// <summary>A concurrent delivery of the same activity won the insert: that one answers.</summary>
    private async Task SettleConflictAsync(Waiting one, DbUpdateException conflict)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            var message = one.Message;
            if (await db.Turns.AnyAsync(t => t.ConversationId == message.ConversationId
                    && t.ActivityId == message.ActivityId))
            {
                one.Stored.TrySetResult(null);
                return;
            }

            one.Stored.TrySetException(conflict);
        }
        catch (Exception exception)
        {
            one.Stored.TrySetException(exception);
        }
    }

    /// <summary>One transaction for the batch; each message's turn id, or null for an activity already stored.</summary>
    private async Task<long?[]> StoreAsync(Waiting[] batch)
    {
        await using var db = await contexts.CreateDbContextAsync();
        // Acknowledged once stored, and Teams does not deliver it again: this commit must survive a power loss.
        await SqliteWriteWaits.SyncCommitsAsync(db, CancellationToken.None);
        var conversationIds = batch.Select(w => w.Message.ConversationId).Distinct(StringComparer.Ordinal).ToList();
        var activityIds = batch.Select(w => w.Message.ActivityId).Distinct(StringComparer.Ordinal).ToList();
        var seen = (await db.Turns.AsNoTracking()
                .Where(t => conversationIds.Contains(t.ConversationId) && activityIds.Contains(t.ActivityId!))
                .Select(t => new { t.ConversationId, t.ActivityId })
                .ToListAsync())
            .Select(t => (t.ConversationId, t.ActivityId!))
            .ToHashSet();
        var conversations = await db.Conversations.Where(c => conversationIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, StringComparer.Ordinal);

        var now = clock.GetUtcNow().UtcDateTime;
        var turns = new TurnRecord?[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            var message = batch[i].Message;
            // Stored before, or earlier in this batch (two deliveries of one activity at once): not stored again.
            if (seen.Add((message.ConversationId, message.ActivityId)))
            {
                turns[i] = Add(db, conversations, message, now);
            }
        }

        await db.SaveChangesAsync();
        return [.. turns.Select(t => t?.Id)];
    }

    private static TurnRecord Add(BotDbContext db, Dictionary<string, ConversationRecord> conversations,
        IncomingMessage message, DateTime now)
    {
        if (!conversations.TryGetValue(message.ConversationId, out var conversation))
        {
            conversation = new ConversationRecord
            {
                Id = message.ConversationId,
                TenantId = message.TenantId,
                Scope = message.Scope,
                ReferenceJson = message.ReferenceJson,
                CreatedAt = now,
            };
            db.Conversations.Add(conversation);
            conversations.Add(conversation.Id, conversation);
        }

        conversation.ReferenceJson = message.ReferenceJson;
        conversation.UpdatedAt = now;
        // The map and the turn that uses its placeholders are written in one transaction.
        if (message.RedactionMap is not null)
        {
            conversation.RedactionMap = message.RedactionMap;
        }

        var turn = new TurnRecord
        {
            ConversationId = message.ConversationId,
            ActivityId = message.ActivityId,
            Role = TurnRole.User,
            Status = message.Status,
            Text = message.Text,
            DlpVerdict = message.DlpVerdict,
            TenantId = message.TenantId,
            UserId = message.UserId,
            UserName = message.UserName,
            ContextEpoch = conversation.ContextEpoch,
            CreatedAt = message.ReceivedAt,
        };
        db.Turns.Add(turn);
        return turn;
    }

    private sealed class Waiting(IncomingMessage message)
    {
        public IncomingMessage Message { get; } = message;

        public TaskCompletionSource<long?> Stored { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
