using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Dlp;

/// <summary>
/// Runs the detectors over normalised text and applies the policy. Stateless and thread-safe; the per-conversation
/// state lives in the <see cref="DlpPlaceholderMap"/> the caller passes in.
/// </summary>
/// <remarks>
/// Overlapping findings are merged into one span, so no part of any finding survives redaction. The span takes
/// the placeholder of its strongest finding: Block over Redact, then the longest, then the detector that comes
/// first in <see cref="BuiltInDetectors.All"/> (custom rules last). Ranking Block first means a Block finding is
/// never hidden by an overlapping Redact finding.
/// </remarks>
internal sealed class DlpScanner : IDlpScanner
{
    private readonly IReadOnlyList<IDlpDetector> _builtIns;

    public DlpScanner()
        : this(BuiltInDetectors.All)
    {
    }

    internal DlpScanner(IReadOnlyList<IDlpDetector> builtIns) => _builtIns = builtIns;

    public DlpScanResult Scan(string text, DlpOptions options, DlpPlaceholderMap placeholders)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(placeholders);

        var normalised = TextNormaliser.Normalise(text);
        var active = ActiveDetectors(options, out var failed);

        var candidates = new List<Candidate>();
        var found = new List<DlpFinding>();
        for (int i = 0; i < active.Count; i++)
        {
            found.Clear();
            try
            {
                active[i].Detector.Find(normalised, found);
            }
            catch (Exception)
            {
                // Fail closed: a rule we could not evaluate (a custom pattern that timed out, or a detector
                // bug on unusual input) might have matched. The audit record shows which one failed.
                failed.Add(active[i].Detector);
                continue;
            }

            foreach (var finding in found)
            {
                if (finding.Start >= 0 && finding.Length > 0 && finding.End <= normalised.Length)
                {
                    candidates.Add(new Candidate(finding, i, active[i].Action));
                }
            }
        }

        var spans = Resolve(candidates);
        return BuildResult(text, normalised, options.Mode, placeholders, active, spans, failed);
    }

    private List<(IDlpDetector Detector, DlpAction Action)> ActiveDetectors(
        DlpOptions options, out List<IDlpDetector> failed)
    {
        failed = [];
        var active = new List<(IDlpDetector, DlpAction)>(_builtIns.Count + options.Custom.Count);
        foreach (var detector in _builtIns)
        {
            var action = options.Rules.TryGetValue(detector.Id, out var configured)
                ? FailClosed(configured)
                : BuiltInDetectors.DefaultAction(detector);
            if (action != DlpAction.Allow)
            {
                active.Add((detector, action));
            }
        }

        foreach (var rule in options.Custom)
        {
            if (rule is null || rule.Action == DlpAction.Allow)
            {
                continue;
            }

            try
            {
                active.Add((new CustomRuleDetector(rule), FailClosed(rule.Action)));
            }
            catch (ArgumentException)
            {
                // Unvalidated options with a broken pattern: fail closed rather than silently skip the rule.
                failed.Add(new FailedRule(rule.Id));
            }
        }

        return active;
    }

    /// <summary>An undefined action (options that skipped validation) is treated as Block.</summary>
    private static DlpAction FailClosed(DlpAction action) => Enum.IsDefined(action) ? action : DlpAction.Block;

    /// <summary>Merges overlapping candidates into spans, each with its strongest candidate.</summary>
    private static List<(int Start, int End, Candidate Winner)> Resolve(List<Candidate> candidates)
    {
        var spans = new List<(int Start, int End, Candidate Winner)>();
        if (candidates.Count == 0)
        {
            return spans;
        }

        candidates.Sort(static (a, b) => a.Finding.Start != b.Finding.Start
            ? a.Finding.Start.CompareTo(b.Finding.Start)
            : b.Finding.End.CompareTo(a.Finding.End));

        var winner = candidates[0];
        int start = winner.Finding.Start;
        int end = winner.Finding.End;
        for (int i = 1; i < candidates.Count; i++)
        {
            var next = candidates[i];
            if (next.Finding.Start < end)
            {
                end = Math.Max(end, next.Finding.End);
                if (Outranks(next, winner))
                {
                    winner = next;
                }
            }
            else
            {
                spans.Add((start, end, winner));
                winner = next;
                start = next.Finding.Start;
                end = next.Finding.End;
            }
        }

        spans.Add((start, end, winner));
        return spans;
    }

    private static bool Outranks(Candidate a, Candidate b)
    {
        if (a.Action != b.Action)
        {
            return a.Action == DlpAction.Block;
        }

        if (a.Finding.Length != b.Finding.Length)
        {
            return a.Finding.Length > b.Finding.Length;
        }

        return a.DetectorIndex != b.DetectorIndex
            ? a.DetectorIndex < b.DetectorIndex
            : a.Finding.Start < b.Finding.Start;
    }

    private static DlpScanResult BuildResult(
        string text,
        string normalised,
        DlpMode mode,
        DlpPlaceholderMap placeholders,
        List<(IDlpDetector Detector, DlpAction Action)> active,
        List<(int Start, int End, Candidate Winner)> spans,
        List<IDlpDetector> failed)
    {
        if (spans.Count == 0 && failed.Count == 0)
        {
            return new DlpScanResult
            {
                Text = mode == DlpMode.Enforce ? normalised : text,
                Mode = mode,
                Outcome = DlpOutcome.Clean,
            };
        }

        var counts = new int[active.Count];
        var findings = new List<DlpFinding>(spans.Count);
        var replacements = mode == DlpMode.Enforce ? new string[spans.Count] : null;
        string? blockingRuleId = null;
        for (int s = 0; s < spans.Count; s++)
        {
            var (start, end, winner) = spans[s];
            var detector = active[winner.DetectorIndex].Detector;
            counts[winner.DetectorIndex]++;
            findings.Add(new DlpFinding(detector.Id, start, end - start));
            if (winner.Action == DlpAction.Block)
            {
                blockingRuleId ??= detector.Id;
            }

            if (replacements is not null)
            {
                replacements[s] = placeholders.GetPlaceholder(detector.Label, normalised.AsSpan(start, end - start));
            }
        }

        blockingRuleId ??= failed.FirstOrDefault()?.Id;

        var summaries = new List<DlpDetectorSummary>();
        for (int i = 0; i < active.Count; i++)
        {
            if (counts[i] > 0)
            {
                summaries.Add(Summarise(active[i].Detector, active[i].Action, counts[i], failed: false));
            }
        }

        summaries.AddRange(failed.Select(f => Summarise(f, DlpAction.Block, 0, failed: true)));

        return new DlpScanResult
        {
            Text = replacements is null ? text : Redact(normalised, spans, replacements),
            Mode = mode,
            Outcome = blockingRuleId is not null ? DlpOutcome.Blocked : DlpOutcome.Redacted,
            BlockingRuleId = blockingRuleId,
            Findings = findings,
            Detectors = summaries,
        };
    }

    /// <summary>Builds the redacted text in one allocation (messages are up to ~100 KB; avoid a builder copy).</summary>
    private static string Redact(
        string normalised, List<(int Start, int End, Candidate Winner)> spans, string[] replacements)
    {
        int length = normalised.Length;
        for (int s = 0; s < spans.Count; s++)
        {
            length += replacements[s].Length - (spans[s].End - spans[s].Start);
        }

        return string.Create(length, (normalised, spans, replacements), static (destination, state) =>
        {
            var (source, spans, replacements) = state;
            int copied = 0;
            for (int s = 0; s < spans.Count; s++)
            {
                var (start, end, _) = spans[s];
                source.AsSpan(copied, start - copied).CopyTo(destination);
                destination = destination[(start - copied)..];
                replacements[s].CopyTo(destination);
                destination = destination[replacements[s].Length..];
                copied = end;
            }

            source.AsSpan(copied).CopyTo(destination);
        });
    }

    private static DlpDetectorSummary Summarise(IDlpDetector detector, DlpAction action, int count, bool failed) =>
        new(detector.Id, detector.Kind, detector.Label, action, count, failed)
        {
            Noun = detector.Noun,
            NounPlural = detector.NounPlural,
        };

    private readonly record struct Candidate(DlpFinding Finding, int DetectorIndex, DlpAction Action);

    /// <summary>Stands in for a custom rule whose pattern does not compile, so it can be reported.</summary>
    private sealed class FailedRule(string id) : IDlpDetector
    {
        public string Id { get; } = id;

        public DlpDetectorKind Kind => DlpDetectorKind.Custom;

        public string Label => CustomDlpRule.DefaultLabel;

        public string Noun => "item matched by a company rule";

        public string NounPlural => "items matched by a company rule";

        public void Find(string normalisedText, List<DlpFinding> findings)
        {
        }
    }
}
