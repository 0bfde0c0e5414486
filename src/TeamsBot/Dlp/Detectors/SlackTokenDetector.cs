using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>Slack tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe-, xoxo-, app-level xapp-) and incoming webhook URLs.</summary>
internal sealed partial class SlackTokenDetector : IDlpDetector
{
    public string Id => "slack_token";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "SLACK_TOKEN";

    public string Noun => "Slack token";

    public string NounPlural => "Slack tokens";

    // Searching for the literal prefixes first is much cheaper than trying the pattern at every 'x' and 'h'.
    private static readonly SearchValues<string> Prefixes =
        SearchValues.Create(["xox", "xapp-", "hooks.slack.com"], StringComparison.Ordinal);

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int first = normalisedText.AsSpan().IndexOfAny(Prefixes);
        if (first < 0)
        {
            return;
        }

        foreach (var match in TokenRegex().EnumerateMatches(normalisedText, Math.Max(0, first - "https://".Length)))
        {
            findings.Add(new DlpFinding(Id, match.Index, match.Length));
        }
    }

    [GeneratedRegex(
        @"(?<![A-Za-z0-9])(?:xox[abeoprs]-[A-Za-z0-9-]{10,250}|xapp-[0-9]-[A-Za-z0-9-]{10,250})|https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,}",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();
}
