using Microsoft.EntityFrameworkCore;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Lifecycle;
using TeamsBot.Storage;

namespace TeamsBot.Export;

/// <summary>
/// Reads what an export holds. A user's export: every stored message of theirs and every answer given to them, in any
/// conversation and state; the feedback they gave; their files' details (not the text kept from them). Nothing of
/// anyone else: not the colleagues' messages around theirs, nor others' feedback on their answers. A conversation's
/// export (eDiscovery): every message in it (a channel's id takes its threads too) and all feedback on them.
/// </summary>
internal sealed class DataExportReader(IDbContextFactory<BotDbContext> contexts)
{
    /// <summary>
    /// The subject's data: at most <paramref name="maxTurns"/> messages, the newest (null: all); with
    /// <paramref name="includeHolds"/>, the holds covering the subject with their reasons (for admins only).
    /// </summary>
    public async Task<DataExport> ReadAsync(ExportSubject subject, int? maxTurns, bool includeHolds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        string tenant = subject.TenantId;
        IQueryable<TurnRecord> turns = db.Turns.AsNoTracking().Where(t => t.TenantId == tenant);
        turns = subject.UserId is { } user
            ? turns.Where(t => t.UserId == user)
            : turns.Where(t => t.ConversationId == subject.ConversationId
                || t.ConversationId.StartsWith(subject.ConversationId + ";"));
        int total = await turns.CountAsync(cancellationToken);
        var kept = await turns.OrderByDescending(t => t.Id).Take(maxTurns ?? int.MaxValue).ToListAsync(cancellationToken);
        kept.Reverse();

        var turnIds = kept.Select(t => t.Id).ToList();
        var feedback = subject.UserId is { } rater
            ? await db.Feedback.AsNoTracking().Where(f => f.TenantId == tenant && f.UserId == rater)
                .OrderBy(f => f.Id).ToListAsync(cancellationToken)
            : await db.Feedback.AsNoTracking().Where(f => f.TenantId == tenant && turnIds.Contains(f.TurnId))
                .OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var files = subject.UserId is { } owner
            ? await db.Set<KnowledgeDocumentRecord>().AsNoTracking()
                .Where(d => d.TenantId == tenant && d.OwnerUserId == owner).OrderBy(d => d.Id).ToListAsync(cancellationToken)
            : [];
        var holds = includeHolds
            ? (await db.LegalHolds.AsNoTracking().Where(h => h.TenantId == tenant).OrderBy(h => h.Id)
                    .ToListAsync(cancellationToken))
                .Where(h => subject.UserId is { } held
                    ? h.UserId == held
                    : h.ConversationId is { } conversation
                        && LegalHoldQueries.IsHeld(subject.ConversationId!, [conversation]))
                .ToList()
            : [];
        return new DataExport(subject, kept, total - kept.Count, feedback, files, holds);
    }
}
