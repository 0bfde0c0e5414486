using Microsoft.EntityFrameworkCore;
using TeamsBot.Dlp;
using TeamsBot.Lifecycle;
using TeamsBot.Pipeline;
using TeamsBot.Storage;

namespace TeamsBot.History;

internal sealed class EfConversationStore(IDbContextFactory<BotDbContext> contexts, TimeProvider clock,
    Knowledge.Retrieval.IKnowledgeIndexWriter? knowledgeIndex = null)
    : IConversationStore
{
    private readonly IncomingTurnWriter _incoming = new(contexts, clock);

    public Task<long?> SaveIncomingAsync(IncomingMessage message, CancellationToken cancellationToken) =>
        _incoming.SaveAsync(message, cancellationToken);

    public async Task<PendingTurn?> GetPendingAsync(long turnId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from turn in db.Turns
                      join conversation in db.Conversations on turn.ConversationId equals conversation.Id
                      where turn.Id == turnId && turn.Status == TurnStatus.Pending
                      select new PendingTurn(turn.Id, turn.ConversationId, turn.ActivityId!, turn.TenantId,
                          turn.UserId, turn.UserName, conversation.Scope, turn.Text, turn.ContextEpoch,
                          conversation.ReferenceJson, turn.CreatedAt, turn.DlpVerdict, turn.WaitNoticeSent))
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ContextTurn>> GetContextAsync(string conversationId, int contextEpoch,
        long beforeTurnId, int maxTurns, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // An answer is stored after its card is sent, so a quick next question can get a lower id than that
        // answer: order by the question each turn belongs to, the answer right after its question.
        return await db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId && t.ContextEpoch == contextEpoch
                && (t.ReplyToId ?? t.Id) < beforeTurnId && t.Status == TurnStatus.Answered)
            .OrderByDescending(t => t.ReplyToId ?? t.Id).ThenBy(t => t.Role).Take(maxTurns)
            .Select(t => new ContextTurn(t.Role, t.Text, t.TokenCount, t.UserId, t.UserName))
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> SaveAnswerAsync(long userTurnId, string questionText, int questionTokens, string answer,
        int answerTokens, string? note, IReadOnlyList<AnswerCitation> citations, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Nothing is retried inside this transaction: a savepoint would only add two round trips to every answer.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var question = await db.Turns.AsNoTracking().SingleAsync(t => t.Id == userTurnId, cancellationToken);
        // Conditional, so that of two instances that both got this far (one lost its lease meanwhile) one stores.
        if (!await Turns.TurnLedger.MarkAnsweredAsync(db, userTurnId, questionText, questionTokens, cancellationToken))
        {
            return false;
        }

        db.Turns.Add(new TurnRecord
        {
            ConversationId = question.ConversationId,
            Role = TurnRole.Assistant,
            Status = TurnStatus.Answered,
            Text = answer,
            TokenCount = answerTokens,
            TenantId = question.TenantId,
            UserId = question.UserId,
            UserName = question.UserName,
            ContextEpoch = question.ContextEpoch,
            ReplyToId = question.Id,
            AnswerNote = note,
            AnswerCitations = AnswerCitation.Serialise(citations),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task StartNewContextAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Conversations.Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ContextEpoch, c => c.ContextEpoch + 1), cancellationToken);
    }

    public async Task<string?> GetRedactionMapAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.RedactionMap)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SaveRedactionMapAsync(string conversationId, string redactionMap, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Conversations.Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedactionMap, redactionMap), cancellationToken);
    }

    public async Task RecordAnswerMessageAsync(string conversationId, string messageId, long turnId,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        string key = ConversationKeys.WithoutThread(conversationId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await IsRecordedAsync(db, key, messageId, cancellationToken))
        {
            return;
        }

        db.AnswerMessages.Add(new AnswerMessageRecord
        {
            ConversationId = key,
            MessageId = messageId,
            TurnId = turnId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent call recorded it first, or the user had their data forgotten since: nothing to keep.
            await using var check = await contexts.CreateDbContextAsync(cancellationToken);
            if (await IsRecordedAsync(check, key, messageId, cancellationToken)
                || !await check.Turns.AnyAsync(t => t.Id == turnId, cancellationToken))
            {
                return;
            }

            throw;
        }
    }

    /// <summary>
    /// Adds the answer's message ids not yet recorded to <paramref name="db"/>'s changes, for the caller's transaction
    /// (the one that marks the answer delivered) to save.
    /// </summary>
    internal static async Task AddAnswerMessagesAsync(BotDbContext db, string conversationId,
        IReadOnlyCollection<string> messageIds, long turnId, DateTime now, CancellationToken cancellationToken)
    {
        string key = ConversationKeys.WithoutThread(conversationId);
        var recorded = await db.AnswerMessages.AsNoTracking()
            .Where(m => m.ConversationId == key && messageIds.Contains(m.MessageId)).Select(m => m.MessageId)
            .ToListAsync(cancellationToken);
        foreach (string messageId in messageIds.Distinct(StringComparer.Ordinal).Except(recorded, StringComparer.Ordinal))
        {
            db.AnswerMessages.Add(new AnswerMessageRecord
            {
                ConversationId = key,
                MessageId = messageId,
                TurnId = turnId,
                CreatedAt = now,
            });
        }
    }

    public async Task<long?> SaveFeedbackAsync(AnswerFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        // Two passes at most: a concurrent first reaction by the same user to the same answer makes the insert
        // collide, and the second pass replaces it.
        for (int attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            long? turnId = await FindRatedTurnAsync(db, feedback, cancellationToken);
            if (turnId is null)
            {
                return null;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var row = await db.Feedback.FirstOrDefaultAsync(f => f.TurnId == turnId && f.UserId == feedback.UserId,
                cancellationToken);
            if (row is null)
            {
                row = new FeedbackRecord
                {
                    TurnId = turnId.Value,
                    TenantId = feedback.TenantId,
                    UserId = feedback.UserId,
                    CreatedAt = now,
                };
                db.Feedback.Add(row);
            }

            row.Reaction = feedback.Reaction;
            row.Comment = feedback.Comment;
            row.UpdatedAt = now;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return turnId;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
            }
        }
    }

    public async Task<bool> TryMarkWelcomedAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await IsWelcomedAsync(db, conversationId, cancellationToken))
        {
            return false;
        }

        db.Welcomes.Add(new WelcomeRecord { ConversationId = conversationId, WelcomedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // A concurrent install event inserted first: that one welcomes.
            await using var check = await contexts.CreateDbContextAsync(cancellationToken);
            if (await IsWelcomedAsync(check, conversationId, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    public async Task UnmarkWelcomedAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Welcomes.Where(w => w.ConversationId == conversationId).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<int> ForgetUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Their files' passages leave an external search index first, outside the write transaction: if it cannot be
        // reached, nothing is deleted and forgetting can be asked again, rather than leaving their text there.
        var indexWriter = knowledgeIndex ?? Knowledge.Retrieval.DatabaseIndexWriter.Instance;
        IReadOnlyList<long> filePassages = [];
        if (!await db.LegalHolds.AnyAsync(h => h.TenantId == tenantId && h.UserId == userId, cancellationToken))
        {
            filePassages = await Knowledge.EfKnowledgeStore.ForgetUserInIndexAsync(indexWriter, db, tenantId, userId,
                cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Under a legal hold on the user nothing of theirs may go; under a hold on a conversation, their part of it stays.
        if (await db.LegalHolds.AnyAsync(h => h.TenantId == tenantId && h.UserId == userId, cancellationToken))
        {
            return 0;
        }

        var heldConversations = await db.LegalHolds.Where(h => h.TenantId == tenantId && h.ConversationId != null)
            .Select(h => h.ConversationId!).ToListAsync(cancellationToken);
        var wroteIn = await db.Turns.Where(t => t.TenantId == tenantId && t.UserId == userId)
            .Select(t => t.ConversationId).Distinct().ToListAsync(cancellationToken);
        // The reference names whoever wrote last; the text search only narrows, NamesUser decides.
        var touched = (await db.Conversations
                .Where(c => c.TenantId == tenantId && (wroteIn.Contains(c.Id) || c.ReferenceJson.Contains(userId)))
                .ToListAsync(cancellationToken))
            .Where(c => wroteIn.Contains(c.Id) || StoredConversationReference.NamesUser(c.ReferenceJson, userId))
            .Where(c => !LegalHoldQueries.IsHeld(c.Id, heldConversations))
            .ToList();

        // The feedback the user gave, anywhere. Deleting a turn deletes (by cascade) other people's feedback on it
        // and the record of the answer's messages; the bot's answers to the user carry the user's id and go too.
        await db.Feedback.Where(f => f.TenantId == tenantId && f.UserId == userId
                && db.Turns.NotHeld(db).Any(t => t.Id == f.TurnId))
            .ExecuteDeleteAsync(cancellationToken);
        int deleted = await db.Turns.NotHeld(db).Where(t => t.TenantId == tenantId && t.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken);
        await Quota.DbQuotaLedger.ForgetUserAsync(db, tenantId, userId, cancellationToken);
        filePassages = [.. filePassages.Union(
            await Knowledge.EfKnowledgeStore.OwnedPassageIdsAsync(indexWriter, db, tenantId, userId, cancellationToken))];
        await Knowledge.EfKnowledgeStore.ForgetUserAsync(db, tenantId, userId, cancellationToken);
        // Their audit records become unreadable — unless some of their messages stay under a hold on a conversation:
        // the records about those must stay readable for whoever placed it.
        if (!await db.Turns.AnyAsync(t => t.TenantId == tenantId && t.UserId == userId, cancellationToken))
        {
            await Audit.AuditSubjects.ForgetAsync(db, tenantId, userId, cancellationToken);
        }

        // A 1:1 chat is the user's own: its reference, redaction map and welcome mark go with it. The check for
        // turns left keeps a conversation that somehow holds someone else's messages; it is treated as shared.
        var touchedIds = touched.Select(c => c.Id).ToList();
        var ownChats = await db.Conversations
            .Where(c => touchedIds.Contains(c.Id) && c.Scope == ConversationScope.Personal
                && !db.Turns.Any(t => t.ConversationId == c.Id))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        await db.Welcomes.Where(w => ownChats.Contains(w.ConversationId)).ExecuteDeleteAsync(cancellationToken);
        await db.Conversations.Where(c => ownChats.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);

        foreach (var shared in touched.Where(c => !ownChats.Contains(c.Id)))
        {
            if (StoredConversationReference.NamesUser(shared.ReferenceJson, userId))
            {
                shared.ReferenceJson = StoredConversationReference.WithoutUser(shared.ReferenceJson);
            }

            // The map cannot tell whose message a value came from, so every value is forgotten; the numbering
            // stays, so a placeholder in the other people's stored turns never comes to mean a different value.
            if (wroteIn.Contains(shared.Id) && shared.RedactionMap is not null)
            {
                shared.RedactionMap = DlpPlaceholderMap.TryParse(shared.RedactionMap, out var map)
                    ? map.WithValuesForgotten().Serialise()
                    : null;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await Knowledge.KnowledgeIndexCopies.RemoveAgainAsync(indexWriter, filePassages);
        // Scrubbed from the database files now, not at the next purge (which rewrites only what it deletes itself).
        await Lifecycle.DatabaseCompaction.CompactAsync(db, Lifecycle.RetentionRules.Purged, CancellationToken.None);
        return deleted;
    }

    public async Task<IReadOnlyList<TurnRecord>> ExportUserAsync(string tenantId, string userId, int maxTurns,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var newest = await db.Turns.AsNoTracking()
            .Where(t => t.TenantId == tenantId && t.UserId == userId
                && (t.Status == TurnStatus.Answered || t.Role == TurnRole.Assistant))
            .OrderByDescending(t => t.Id).Take(maxTurns).ToListAsync(cancellationToken);
        newest.Reverse();
        return newest;
    }

    private static Task<bool> IsWelcomedAsync(BotDbContext db, string conversationId, CancellationToken cancellationToken) =>
        db.Welcomes.AnyAsync(w => w.ConversationId == conversationId, cancellationToken);

    private static Task<bool> IsRecordedAsync(BotDbContext db, string conversationKey, string messageId,
        CancellationToken cancellationToken) =>
        db.AnswerMessages.AnyAsync(m => m.ConversationId == conversationKey && m.MessageId == messageId, cancellationToken);

    private static async Task<long?> FindRatedTurnAsync(BotDbContext db, AnswerFeedback feedback,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(feedback.MessageId))
        {
            string key = ConversationKeys.WithoutThread(feedback.ConversationId);
            return await db.AnswerMessages
                .Where(m => m.ConversationId == key && m.MessageId == feedback.MessageId)
                .Select(m => (long?)m.TurnId).FirstOrDefaultAsync(cancellationToken);
        }

        // Without the rated message's id (the Agents Playground sends none) the latest answer is the best guess:
        // the buttons are used on the newest answer almost always. Real Teams always sends the id.
        return await db.Turns
            .Where(t => t.ConversationId == feedback.ConversationId && t.Role == TurnRole.User
                && t.Status == TurnStatus.Answered)
            .OrderByDescending(t => t.Id).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
