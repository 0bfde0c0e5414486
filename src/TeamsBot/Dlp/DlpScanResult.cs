using System.Globalization;
using System.Text;

namespace TeamsBot.Dlp;

/// <summary>Outcome of one scan. Contains no detected values except inside <see cref="Text"/>.</summary>
internal sealed class DlpScanResult
{
    /// <summary>
    /// The text to pass on. Enforce: the normalised text with every finding replaced by its placeholder (also
    /// when blocked, so a careless caller cannot leak the value). AuditOnly: the input, unchanged.
    /// </summary>
    public required string Text { get; init; }

    public required DlpMode Mode { get; init; }

    /// <summary>The policy verdict; in AuditOnly mode, what Enforce would have done.</summary>
    public required DlpOutcome Outcome { get; init; }

    /// <summary>Id of the first detector or custom rule that blocks (would block, in AuditOnly), else null.</summary>
    public string? BlockingRuleId { get; init; }

    /// <summary>Findings after overlap resolution, as ranges in the normalised text, in text order.</summary>
    public IReadOnlyList<DlpFinding> Findings { get; init; } = [];

    /// <summary>One entry per detector that found something, in detector precedence order.</summary>
    public IReadOnlyList<DlpDetectorSummary> Detectors { get; init; } = [];

    /// <summary>True when the turn must be refused: Enforce mode and a Block finding.</summary>
    public bool IsBlocked => Mode == DlpMode.Enforce && Outcome == DlpOutcome.Blocked;

    /// <summary>
    /// A note for the user with kinds and counts only, e.g. "Redacted: 2 email addresses, 1 card number." or
    /// "Blocked: the message contains 1 GitHub token." Empty when nothing was done (and always in AuditOnly mode,
    /// where the user sees no change).
    /// </summary>
    /// <param name="subject">What was scanned, as the note names it: "message" or "answer".</param>
    public string DescribeForUser(string subject = "message")
    {
        if (Mode != DlpMode.Enforce || Outcome == DlpOutcome.Clean)
        {
            return string.Empty;
        }

        var action = Outcome == DlpOutcome.Blocked ? DlpAction.Block : DlpAction.Redact;
        var parts = new List<string>();
        int failed = 0;
        int custom = 0;
        foreach (var summary in Detectors)
        {
            if (summary.Failed)
            {
                failed++;
            }
            else if (summary.Action == action && summary.Kind == DlpDetectorKind.Custom)
            {
                custom += summary.Count;
            }
            else if (summary.Action == action)
            {
                parts.Add(Describe(summary.Count, summary.Noun, summary.NounPlural));
            }
        }

        if (custom > 0)
        {
            parts.Add(Describe(custom, "item matched by a company rule", "items matched by a company rule"));
        }

        var note = new StringBuilder(action == DlpAction.Block ? "Blocked: " : "Redacted: ");
        if (action == DlpAction.Block && parts.Count > 0)
        {
            note.Append("the ").Append(subject).Append(" contains ").AppendJoin(", ", parts);
        }
        else
        {
            note.AppendJoin(", ", parts);
        }

        if (failed > 0)
        {
            note.Append(parts.Count > 0 ? "; " : string.Empty).Append("the ").Append(subject)
                .Append(" could not be fully checked");
        }

        return note.Append('.').ToString();
    }

    private static string Describe(int count, string noun, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : plural)}");
}
