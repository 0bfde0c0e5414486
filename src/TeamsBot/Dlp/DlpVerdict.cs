using System.Text.Json;

namespace TeamsBot.Dlp;

/// <summary>
/// What DLP decided about a message when it was received, stored with the (redacted) turn so the pipeline reports
/// it without scanning again: the outcome, the blocking rule, the note for the user and counts per detector. Kinds
/// and counts only, never a value.
/// </summary>
/// <param name="Outcome">Clean, Redacted or Blocked; prefixed "auditonly:" when the mode only records.</param>
/// <param name="BlockingRuleId">The rule that blocks the message; null unless it is refused.</param>
/// <param name="Note">Shown under the answer, e.g. "Redacted: 1 email address."; null when there is nothing to say.</param>
/// <param name="Redactions">Findings per detector id.</param>
internal sealed record DlpVerdict(
    string Outcome,
    string? BlockingRuleId,
    string? Note,
    IReadOnlyDictionary<string, int> Redactions)
{
    public bool IsBlocked => BlockingRuleId is not null;

    /// <summary>
    /// The verdict of a scan made with <see cref="DlpMode.Enforce"/> under rules whose mode is
    /// <paramref name="mode"/>: in AuditOnly mode nothing is blocked and the user is told nothing.
    /// </summary>
    public static DlpVerdict Of(DlpScanResult enforced, DlpMode mode)
    {
        ArgumentNullException.ThrowIfNull(enforced);
        var redactions = enforced.Detectors.ToDictionary(d => d.DetectorId, d => d.Count, StringComparer.Ordinal);
        if (mode == DlpMode.AuditOnly)
        {
            return new DlpVerdict($"auditonly:{enforced.Outcome}", null, null, redactions);
        }

        string note = enforced.DescribeForUser();
        return new DlpVerdict(enforced.Outcome.ToString(), enforced.IsBlocked ? enforced.BlockingRuleId ?? "unknown" : null,
            note.Length == 0 ? null : note, redactions);
    }

    public string Serialise() => JsonSerializer.Serialize(this);

    /// <summary>Null for a turn stored without a verdict (by a version that scanned later) or a damaged one.</summary>
    public static DlpVerdict? TryParse(string? serialised)
    {
        if (string.IsNullOrEmpty(serialised))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DlpVerdict>(serialised);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
