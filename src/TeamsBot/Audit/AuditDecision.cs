namespace TeamsBot.Audit;

/// <summary>
/// What the bot decided for one turn, or a data-lifecycle event (legal hold, retention purge, eDiscovery export).
/// Stored by name, so the order here may change; at most 16 characters.
/// </summary>
public enum AuditDecision
{
    /// <summary>Sent to the model as written.</summary>
    Allowed,

    /// <summary>Not sent to the model; <see cref="AuditEntry.Rule"/> names the rule.</summary>
    Refused,

    /// <summary>Sent to the model after redaction; <see cref="AuditEntry.Redactions"/> says what was removed.</summary>
    Redacted,

    /// <summary>Accepted but not answered (model error, timeout); <see cref="AuditEntry.Rule"/> names the reason.</summary>
    Failed,

    /// <summary>A legal hold was placed; <see cref="AuditEntry.Rule"/> names the hold and who placed it.</summary>
    HoldPlaced,

    /// <summary>A legal hold was lifted; <see cref="AuditEntry.Rule"/> names the hold and who lifted it.</summary>
    HoldLifted,

    /// <summary>The retention purge deleted data; <see cref="AuditEntry.Rule"/> says how much of what.</summary>
    Purged,

    /// <summary>
    /// An admin exported a user's or a conversation's data for eDiscovery; <see cref="AuditEntry.Rule"/> names who and
    /// holds the file's SHA-256, which ties the file to the chain.
    /// </summary>
    Exported,
}
