namespace TeamsBot.Audit;

/// <summary>What the bot decided for one turn. Stored by name, so the order here may change.</summary>
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
}
