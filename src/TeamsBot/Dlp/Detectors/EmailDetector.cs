using System.Buffers;
using System.Collections.Frozen;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Email addresses whose top-level domain exists (Public Suffix List), so "icon@2x.png" or "pkg@1.2.3" are not
/// flagged. When the domain runs into a following word ("joe@example.com.Thanks"), the address ends at the
/// last label that is a real TLD.
/// </summary>
/// <remarks>
/// Anchored on '@' (a vectorised search; prose has few) and expanded both ways, instead of a regex that starts
/// with a character-class loop: that regex has to try every word of the message.
/// </remarks>
internal sealed class EmailDetector : IDlpDetector
{
    private const int MaxLocalPart = 64;
    private const int MaxDomain = 253;

    private static readonly SearchValues<char> LocalChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-");

    private static readonly SearchValues<char> DomainChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TopLevelDomains =
        TopLevelDomainList.All.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    public string Id => "email";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "EMAIL";

    public string Noun => "email address";

    public string NounPlural => "email addresses";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        var text = normalisedText.AsSpan();
        int at = -1;
        while (at + 1 < text.Length && (at = normalisedText.IndexOf('@', at + 1)) >= 0)
        {
            // Local part: the run of allowed characters before '@', without leading dots ("...joe@x.com").
            int start = at;
            while (start > 0 && LocalChars.Contains(text[start - 1]))
            {
                start--;
            }

            while (start < at && text[start] == '.')
            {
                start++;
            }

            var local = text[start..at];
            if (local.IsEmpty || local.Length > MaxLocalPart || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            {
                continue;
            }

            int domainRun = text[(at + 1)..].IndexOfAnyExcept(DomainChars);
            var domain = domainRun < 0 ? text[(at + 1)..] : text.Slice(at + 1, domainRun);
            int domainLength = ValidDomainLength(domain);
            if (domainLength == 0)
            {
                continue;
            }

            // Ending where the domain run ends, the next character must not continue a word ("a@b.com_x").
            int end = at + 1 + domainLength;
            if (domainLength == domain.Length && !DetectorText.WordBoundaryAt(normalisedText, end))
            {
                continue;
            }

            findings.Add(new DlpFinding(Id, start, end - start));
            at = end - 1;
        }
    }

    /// <summary>Length of the longest prefix of <paramref name="domain"/> that ends in a real TLD, or 0.</summary>
    private static int ValidDomainLength(ReadOnlySpan<char> domain)
    {
        int best = 0;
        int labelStart = 0;
        int labels = 0;
        for (int i = 0; i <= domain.Length && i <= MaxDomain; i++)
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
            if (labels >= 2 && TopLevelDomains.Contains(label))
            {
                best = i;
            }

            labelStart = i + 1;
        }

        return best;
    }
}
