namespace TeamsBot.Dlp;

/// <summary>The policy verdict of a scan. In AuditOnly mode this is what Enforce would have done.</summary>
internal enum DlpOutcome
{
    Clean = 0,
    Redacted = 1,
    Blocked = 2,
}
