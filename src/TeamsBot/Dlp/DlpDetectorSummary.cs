namespace TeamsBot.Dlp;

/// <summary>
/// What one detector found in a turn, for the audit record: counts and actions, never values.
/// </summary>
/// <param name="DetectorId">Built-in detector id or custom rule id.</param>
/// <param name="Kind">Personal data, secret or custom rule.</param>
/// <param name="Label">Placeholder label, e.g. EMAIL.</param>
/// <param name="Action">The action applied (in AuditOnly mode: the action Enforce would apply).</param>
/// <param name="Count">Number of findings after overlaps were resolved.</param>
/// <param name="Failed">The detector could not run (a custom pattern timed out or did not compile); the turn is
/// blocked (fail closed).</param>
internal sealed record DlpDetectorSummary(
    string DetectorId,
    DlpDetectorKind Kind,
    string Label,
    DlpAction Action,
    int Count,
    bool Failed = false)
{
    /// <summary>User-facing name of one finding, e.g. "email address".</summary>
    public required string Noun { get; init; }

    /// <summary>User-facing name of several findings, e.g. "email addresses".</summary>
    public required string NounPlural { get; init; }
}
