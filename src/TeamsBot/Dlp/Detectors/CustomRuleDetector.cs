using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>Runs one admin-defined rule: its pattern and/or its keyword list.</summary>
internal sealed class CustomRuleDetector : IDlpDetector
{
    private readonly Regex? _pattern;
    private readonly Regex? _keywords;

    /// <exception cref="ArgumentException">The pattern does not compile (options were not validated).</exception>
    public CustomRuleDetector(CustomDlpRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Id = rule.Id;
        // An invalid label (options not validated) would make the placeholder map unparsable next turn.
        Label = rule.Label is not null && DlpOptionsValidator.LabelRegex().IsMatch(rule.Label)
            ? rule.Label
            : CustomDlpRule.DefaultLabel;
        if (!string.IsNullOrEmpty(rule.Pattern))
        {
            _pattern = CustomRuleRegexCache.ForPattern(rule.Pattern);
        }

        if (rule.Keywords is { Count: > 0 } && rule.Keywords.Any(k => !string.IsNullOrWhiteSpace(k)))
        {
            _keywords = CustomRuleRegexCache.ForKeywords(rule.Keywords);
        }
    }

    public string Id { get; }

    public DlpDetectorKind Kind => DlpDetectorKind.Custom;

    public string Label { get; }

    public string Noun => "item matched by a company rule";

    public string NounPlural => "items matched by a company rule";

    /// <exception cref="RegexMatchTimeoutException">A pattern took longer than its timeout.</exception>
    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        Add(_pattern, normalisedText, findings);
        Add(_keywords, normalisedText, findings);
    }

    private void Add(Regex? regex, string text, List<DlpFinding> findings)
    {
        if (regex is null)
        {
            return;
        }

        foreach (var match in regex.EnumerateMatches(text))
        {
            // A zero-length match (e.g. "\b") would redact nothing and number placeholders forever.
            if (match.Length > 0)
            {
                findings.Add(new DlpFinding(Id, match.Index, match.Length));
            }
        }
    }
}
