using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Email addresses whose top-level domain exists (Public Suffix List), so "icon@2x.png" or "pkg@1.2.3" are not
/// flagged. When the domain runs into a following word ("joe@example.com.Thanks"), the address ends at the
/// last label that is a real TLD.
/// </summary>
internal sealed partial class EmailDetector : IDlpDetector
{
    private static readonly FrozenSet<string> TopLevelDomains =
        TopLevelDomainList.All.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TldLookup =
        TopLevelDomains.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Id => "email";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "EMAIL";

    public string Noun => "email address";

    public string NounPlural => "email addresses";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        foreach (var match in CandidateRegex().EnumerateMatches(normalisedText))
        {
            var candidate = normalisedText.AsSpan(match.Index, match.Length);
            int at = candidate.IndexOf('@');

            // Local part: trim leading dots ("...joe@x.com"), at most 64 chars, no empty dot segments.
            int start = 0;
            while (start < at && candidate[start] == '.')
            {
                start++;
            }

            var local = candidate[start..at];
            if (local.IsEmpty || local.Length > 64 || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            {
                continue;
            }

            int domainEnd = ValidDomainEnd(candidate[(at + 1)..]);
            if (domainEnd <= 0)
            {
                continue;
            }

            // A match that ends where the regex stopped must not run straight into a word ("a@b.com1").
            int end = at + 1 + domainEnd;
            int after = match.Index + end;
            if (end == candidate.Length && after < normalisedText.Length
                && (DetectorText.IsWordChar(normalisedText[after]) || normalisedText[after] == '-'))
            {
                continue;
            }

            findings.Add(new DlpFinding(Id, match.Index + start, end - start));
        }
    }

    /// <summary>Length of the longest prefix of <paramref name="domain"/> that ends in a real TLD, or 0.</summary>
    private static int ValidDomainEnd(ReadOnlySpan<char> domain)
    {
        int best = 0;
        int labelStart = 0;
        int labels = 0;
        for (int i = 0; i <= domain.Length; i++)
        {
            if (i < domain.Length && domain[i] != '.')
            {
                continue;
            }

            var label = domain[labelStart..i];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                break;
            }

            labels++;
            if (labels >= 2 && TldLookup.Contains(label))
            {
                best = i;
            }

            labelStart = i + 1;
        }

        return best;
    }

    // The leading character-class loop lets the regex engine search for '@' first, which keeps prose fast.
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,63}", RegexOptions.CultureInvariant)]
    private static partial Regex CandidateRegex();
}
