using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// GitHub tokens: ghp_/gho_/ghu_/ghs_/ghr_ followed by 36+ alphanumerics, and fine-grained github_pat_ tokens.
/// A classic token split by spaces or a line break is found too when its chunks are at least four characters
/// and the joined body mixes upper case, lower case and digits, as generated tokens do.
/// </summary>
internal sealed partial class GitHubTokenDetector : IDlpDetector
{
    private const int ClassicBodyLength = 36;
    private const int ClassicPrefixLength = 4;

    private static readonly SearchValues<string> ClassicPrefixes =
        SearchValues.Create(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], StringComparison.Ordinal);

    private static readonly SearchValues<char> Base62 =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    public string Id => "github_token";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "GITHUB_TOKEN";

    public string Noun => "GitHub token";

    public string NounPlural => "GitHub tokens";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int whole = 0;
        foreach (var match in TokenRegex().EnumerateMatches(normalisedText))
        {
            findings.Add(new DlpFinding(Id, match.Index, match.Length));
            whole++;
        }

        FindSplitClassicTokens(normalisedText, findings, findings.Count - whole);
    }

    private void FindSplitClassicTokens(string normalisedText, List<DlpFinding> findings, int firstWhole)
    {
        var text = normalisedText.AsSpan();
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(ClassicPrefixes);
            if (offset < 0)
            {
                return;
            }

            int start = position + offset;
            position = start + 1;
            if (start > 0 && DetectorText.IsWordChar(text[start - 1]))
            {
                continue;
            }

            int bodyStart = start + ClassicPrefixLength;
            int end = SplitToken.Read(text, bodyStart, ClassicBodyLength, ClassicBodyLength, 4, Base62, out int gaps);
            if (end < 0 || gaps == 0 || (end < text.Length && text[end] == '_'))
            {
                // Unsplit tokens are the regular expression's.
                continue;
            }

            var body = text[bodyStart..end];
            if (body.IndexOfAnyInRange('0', '9') >= 0 && body.IndexOfAnyInRange('a', 'z') >= 0
                && body.IndexOfAnyInRange('A', 'Z') >= 0 && !Overlaps(findings, firstWhole, start, end))
            {
                findings.Add(new DlpFinding(Id, start, end - start));
                position = end;
            }
        }
    }

    private static bool Overlaps(List<DlpFinding> findings, int from, int start, int end)
    {
        for (int i = from; i < findings.Count; i++)
        {
            if (findings[i].Start < end && start < findings[i].End)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(
        @"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();
}
