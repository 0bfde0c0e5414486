using TeamsBot.History;
using TeamsBot.Storage;

namespace TeamsBot.Lifecycle;

/// <summary>
/// What a hold protects, as query filters, so retention and "forget me" ask the same question of the database. A user
/// hold covers every turn by or answered to that user; a conversation hold covers every turn in it, and a channel's id
/// covers each of its threads (<c>{channel};messageid=…</c>).
/// </summary>
internal static class LegalHoldQueries
{
    public static IQueryable<TurnRecord> NotHeld(this IQueryable<TurnRecord> turns, BotDbContext db) =>
        turns.Where(t => !db.LegalHolds.Any(h => h.TenantId == t.TenantId
            && (h.UserId == t.UserId
                || t.ConversationId == h.ConversationId
                || t.ConversationId.StartsWith(h.ConversationId + ";"))));

    public static IQueryable<ConversationRecord> NotHeld(this IQueryable<ConversationRecord> conversations,
        BotDbContext db) =>
        conversations.Where(c => !db.LegalHolds.Any(h => h.TenantId == c.TenantId
            && (c.Id == h.ConversationId || c.Id.StartsWith(h.ConversationId + ";"))));

    /// <summary>Whether the conversation id is under one of <paramref name="heldConversations"/> (itself or a thread of it).</summary>
    public static bool IsHeld(string conversationId, IEnumerable<string> heldConversations) =>
        heldConversations.Any(h => conversationId == h || conversationId.StartsWith(h + ";", StringComparison.Ordinal));
}
