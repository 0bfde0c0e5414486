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

    // One vectorised search finds every prefix; the patterns only run from there.
    private static readonly SearchValues<string> Prefixes =
        SearchValues.Create(["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], StringComparison.Ordinal);

    private static readonly SearchValues<char> Base62 =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    public string Id => "github_token";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "GITHUB_TOKEN";

    public string Noun => "GitHub token";

    public string NounPlural => "GitHub tokens";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        var text = normalisedText.AsSpan();
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(Prefixes);
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

            var whole = TokenRegex().Match(normalisedText, start);
            if (whole.Success)
            {
                findings.Add(new DlpFinding(Id, start, whole.Length));
                position = start + whole.Length;
                continue;
            }

            if (text[start + 2] != 'i' && FindSplitClassicToken(text, start) is int end)
            {
                findings.Add(new DlpFinding(Id, start, end - start));
                position = end;
            }
        }
    }

    /// <summary>The end of a classic token split by spaces or a line break that starts at <paramref name="start"/>.</summary>
    private static int? FindSplitClassicToken(ReadOnlySpan<char> text, int start)
    {
        int bodyStart = start + ClassicPrefixLength;
        int end = SplitToken.Read(text, bodyStart, ClassicBodyLength, ClassicBodyLength, 4, Base62, out int gaps);
        if (end < 0 || gaps == 0 || (end < text.Length && text[end] == '_'))
        {
            // Unsplit tokens are the regular expression's.
            return null;
        }

        var body = text[bodyStart..end];
        return body.IndexOfAnyInRange('0', '9') >= 0 && body.IndexOfAnyInRange('a', 'z') >= 0
            && body.IndexOfAnyInRange('A', 'Z') >= 0
            ? end
            : null;
    }

    [GeneratedRegex(
        @"\G(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();
}
