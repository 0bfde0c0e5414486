using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>GitHub tokens: ghp_/gho_/ghu_/ghs_/ghr_ followed by 36+ alphanumerics, and fine-grained github_pat_ tokens.</summary>
internal sealed partial class GitHubTokenDetector : IDlpDetector
{
    public string Id => "github_token";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "GITHUB_TOKEN";

    public string Noun => "GitHub token";

    public string NounPlural => "GitHub tokens";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        foreach (var match in TokenRegex().EnumerateMatches(normalisedText))
        {
            findings.Add(new DlpFinding(Id, match.Index, match.Length));
        }
    }

    [GeneratedRegex(
        @"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();
}
