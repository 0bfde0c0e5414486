namespace TeamsBot.Audit;

/// <summary>What the audit log keeps. Section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>
    /// Store the message text in the audit record. Off by default: the record then holds only the text's SHA-256, so
    /// deleting a user's history ("forget me") leaves no message content behind in the audit log.
    /// </summary>
    public bool IncludeContent { get; set; }
}
