using System.Text;

namespace TeamsBot.Dlp;

/// <summary>
/// Scans one model answer: while it streams (<see cref="VisiblePart"/>, called once per stream update, never per
/// token) and when it is complete (<see cref="Complete"/>). Both use the answer actions of the policy (see
/// <see cref="DlpOptions.AnswerRules"/>) and the conversation's placeholders, so a value the question had as
/// [EMAIL_1] is [EMAIL_1] in the answer too. Not thread-safe: one answer, one turn.
/// </summary>
internal sealed class AnswerRedactor
{
    private readonly IDlpScanner _scanner;
    private readonly DlpOptions _options;
    private readonly DlpPlaceholderMap _placeholders;

    /// <param name="scanner">The scanner.</param>
    /// <param name="policy">The tenant's DLP policy (its answer rules apply).</param>
    /// <param name="placeholders">The conversation's map; <see cref="Complete"/> adds the answer's new values.</param>
    public AnswerRedactor(IDlpScanner scanner, DlpOptions policy, DlpPlaceholderMap placeholders)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(placeholders);
        _scanner = scanner;
        _options = policy.ForAnswers();
        _placeholders = placeholders;
    }

    /// <summary>
    /// What may be shown of an answer still being written: the text so far, scanned whole, with findings redacted,
    /// cut before the unfinished tail (<see cref="StreamHoldBack"/>), before any finding that reaches into that tail,
    /// and before the first finding that would withhold the answer. Empty when nothing may be shown yet.
    /// </summary>
    public string VisiblePart(string answerSoFar)
    {
        ArgumentNullException.ThrowIfNull(answerSoFar);
        string text = TextNormaliser.Normalise(answerSoFar);
        int cut = StreamHoldBack.SafeLength(text);
        if (cut == 0 || _options.Mode != DlpMode.Enforce)
        {
            // AuditOnly shows the answer as it is (the complete answer is still scanned and audited).
            return text[..cut];
        }

        // Numbers given while streaming must not use up placeholders: the complete answer numbers its own values.
        var placeholders = DlpPlaceholderMap.Parse(_placeholders.Serialise());
        var result = _scanner.Scan(text, _options, placeholders);
        if (result.Outcome == DlpOutcome.Clean)
        {
            return text[..cut];
        }

        var detectors = new Dictionary<string, DlpDetectorSummary>(StringComparer.Ordinal);
        foreach (var summary in result.Detectors)
        {
            if (summary.Failed)
            {
                // A detector that could not run withholds the answer (fail closed): show nothing more.
                return string.Empty;
            }

            detectors.TryAdd(summary.DetectorId, summary);
        }

        var visible = new StringBuilder(cut);
        int copied = 0;
        foreach (var finding in result.Findings)
        {
            // In text order, not overlapping. One reaching into the held-back tail may be half a value; one that
            // withholds the answer ends what is shown.
            var detector = detectors[finding.DetectorId];
            if (finding.End > cut || detector.Action == DlpAction.Block)
            {
                cut = Math.Min(cut, finding.Start);
                break;
            }

            visible.Append(text, copied, finding.Start - copied)
                .Append(placeholders.GetPlaceholder(detector.Label, text.AsSpan(finding.Start, finding.Length)));
            copied = finding.End;
        }

        return visible.Append(text, copied, Math.Max(0, cut - copied)).ToString();
    }

    /// <summary>Scans the complete answer; new values get placeholders in the conversation's map.</summary>
    public DlpScanResult Complete(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return _scanner.Scan(answer, _options, _placeholders);
    }
}
