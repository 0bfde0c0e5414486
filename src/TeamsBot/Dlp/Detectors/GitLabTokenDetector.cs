using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// GitLab tokens: personal/project/group access tokens (glpat-) and the other documented prefixes (deploy
/// gldt-, runner glrt-, trigger glptt-, CI job glcbt-, OAuth gloas-, SCIM glsoat-, incoming mail glimt-,
/// feed glft-, agent glagent-). Newer tokens carry dot-separated suffixes.
/// </summary>
internal sealed partial class GitLabTokenDetector : IDlpDetector
{
    public string Id => "gitlab_token";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "GITLAB_TOKEN";

    public string Noun => "GitLab token";

    public string NounPlural => "GitLab tokens";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        foreach (var match in TokenRegex().EnumerateMatches(normalisedText))
        {
            findings.Add(new DlpFinding(Id, match.Index, match.Length));
        }
    }

    [GeneratedRegex(
        @"(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glcbt|gloas|glsoat|glimt|glft|glagent)-[A-Za-z0-9_-]{20,255}(?:\.[A-Za-z0-9_-]+)*(?![A-Za-z0-9_-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();
}
