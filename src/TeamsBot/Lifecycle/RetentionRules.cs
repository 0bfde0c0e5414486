using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Knowledge;

namespace TeamsBot.Lifecycle;

/// <summary>
/// What happens to each table's rows over time. Every table the database holds must be listed (a test checks the model
/// against it), so whoever adds a table decides how long its rows live. The purge compacts the tables listed as purged.
/// </summary>
internal static class RetentionRules
{
    public static readonly IReadOnlyDictionary<string, string> ByTable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["turns"] = "deleted when older than the scope's period (Retention:Personal, GroupChat, Channel), unless held",
        ["answer_messages"] = "deleted with the turn they belong to",
        ["feedback"] = "deleted with the rated turn",
        ["conversations"] = "deleted when no turns are left and unused for the scope's period, unless held",
        ["welcomes"] = "deleted when their conversation is gone and older than the longest period",
        ["usage_counters"] = "deleted when older than Retention:UsageCounters days, unless the user is held",
        [LegalHoldConfiguration.TableName] = "kept while the hold is in force; lifting deletes it",
        [KnowledgeModel.DocumentsTable] =
            "a person's file: deleted when older than Retention:Files, unless the owner is held, or sooner by forget file "
            + "or forget me; a collection's document: kept while it is in the collection's folder and the collection exists",
        // Company documents an admin registered, not user data: no person's retention period or forget me applies.
        [KnowledgeModel.CollectionsTable] =
            "company document collections, not user data: kept until an admin removes one, which deletes its documents",
        [KnowledgeModel.ChunksTable] = "deleted with their document",
        // SQLite's keyword index of the passages (FTS5, no copy of the text) and FTS5's own storage for it.
        [KnowledgeModel.ChunksFtsTable] = "entries deleted with their passage (triggers)",
        [KnowledgeModel.ChunksFtsTable + "_config"] = "FTS5 settings, no user data",
        [KnowledgeModel.ChunksFtsTable + "_data"] = "FTS5 index pages, rewritten as passages go (secure-delete)",
        [KnowledgeModel.ChunksFtsTable + "_docsize"] = "FTS5 sizes per passage, deleted with it",
        [KnowledgeModel.ChunksFtsTable + "_idx"] = "FTS5 index pages, rewritten as passages go (secure-delete)",
        [AuditRecordConfiguration.TableName] =
            "kept (append-only); a person's ids, keyed content hash and (with Audit:IncludeContent) text sealed with their key",
        [AuditSubjectConfiguration.TableName] =
            "kept with the audit log; forget me deletes the person's key, which erases their audit records",
    };

    /// <summary>Tables whose deleted rows the purge scrubs from the database files.</summary>
    public static readonly IReadOnlyList<string> Purged =
        ["turns", "answer_messages", "feedback", "conversations", "welcomes", "usage_counters", LegalHoldConfiguration.TableName,
            AuditSubjectConfiguration.TableName, KnowledgeModel.DocumentsTable, KnowledgeModel.ChunksTable];

    public static readonly IReadOnlyList<ConversationScope> Scopes =
        [ConversationScope.Personal, ConversationScope.GroupChat, ConversationScope.Channel];
}
