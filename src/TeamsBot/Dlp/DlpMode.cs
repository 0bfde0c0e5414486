namespace TeamsBot.Dlp;

public enum DlpMode
{
    /// <summary>Findings are redacted or the turn is blocked.</summary>
    Enforce = 0,

    /// <summary>Text passes through unchanged; the result still reports what Enforce would have done.</summary>
    AuditOnly = 1,
}
