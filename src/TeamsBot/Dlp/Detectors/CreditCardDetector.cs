using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Payment card numbers: 13-19 digits, first digit 1-6 (the issuer ranges in use), Luhn-valid. Written compact,
/// in groups separated by one kind of space, dash, dot or slash ("4012.8888.8888.1881"), or split over two
/// lines. Grouped numbers start with a group of four, as printed on cards.
/// </summary>
internal sealed partial class CreditCardDetector : IDlpDetector
{
    private const int MaxGroups = 8;

    public string Id => "credit_card";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "CARD";

    public string Noun => "card number";

    public string NounPlural => "card numbers";

    // Up to three joiners: "-\r\n" between the halves of a number split over two lines.
    private static readonly SearchValues<char> Separators = SearchValues.Create(" -./\r\n");

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        // Only windows with a run of 13+ digits can hold a card number.
        int position = 0;
        while (DigitRuns.TryNext(normalisedText, ref position, 13, Separators, 3, out int start, out int end))
        {
            var (windowStart, windowLength) = DigitRuns.Window(normalisedText, start, end, 2, 2);
            var window = normalisedText.AsSpan(windowStart, windowLength);
            foreach (var match in CandidateRegex().EnumerateMatches(window))
            {
                int index = windowStart + match.Index;
                int length = ValidLength(window.Slice(match.Index, match.Length));
                if (length > 0 && !FollowsIbanCountryCode(normalisedText, index))
                {
                    findings.Add(new DlpFinding(Id, index, length));
                }
            }
        }
    }

    /// <summary>
    /// Length of the longest valid card number at the start of the candidate, or 0. Trailing groups are dropped
    /// one at a time so "4012 8888 8888 1881 123" still yields the card.
    /// </summary>
    private static int ValidLength(ReadOnlySpan<char> candidate)
    {
        if (candidate[0] is < '1' or > '6')
        {
            return 0;
        }

        // Group ends and the separator kind: one of " -./" between groups, or a line break.
        Span<int> groupEnds = stackalloc int[MaxGroups];
        int groups = 0;
        char separator = '\0';
        bool lineBreak = false;
        int i = 0;
        while (i < candidate.Length)
        {
            int digits = candidate[i..].IndexOfAnyExceptInRange('0', '9');
            if (digits < 0)
            {
                digits = candidate.Length - i;
            }

            if (groups == MaxGroups)
            {
                return 0;
            }

            i += digits;
            groupEnds[groups++] = i;
            int gap = i;
            while (i < candidate.Length && !char.IsAsciiDigit(candidate[i]))
            {
                i++;
            }

            var joiner = candidate[gap..i];
            if (joiner.IsEmpty)
            {
                continue;
            }

            if (joiner.IndexOf('\n') >= 0)
            {
                lineBreak = true;
            }
            else if (separator == '\0' || separator == joiner[0])
            {
                separator = joiner[0];
            }
            else
            {
                return 0;
            }
        }

        for (int last = groups; last > 0; last--)
        {
            var prefix = candidate[..groupEnds[last - 1]];
            if (GroupsAreValid(groupEnds[..last], separator != '\0', lineBreak) && IsCard(prefix))
            {
                return prefix.Length;
            }
        }

        return 0;
    }

    /// <summary>Printed groups: the first of four, later ones of 3-6 digits. Halves on two lines: 4+ each.</summary>
    private static bool GroupsAreValid(ReadOnlySpan<int> groupEnds, bool separated, bool lineBreak)
    {
        if (groupEnds.Length == 1)
        {
            return true;
        }

        // Lengths are measured in the candidate, so later groups include the separator before them (1-3 chars).
        int previousEnd = 0;
        for (int g = 0; g < groupEnds.Length; g++)
        {
            int length = groupEnds[g] - previousEnd;
            previousEnd = groupEnds[g];
            if (separated)
            {
                bool ok = g == 0 ? length == 4 : length is >= 4 and <= 9;
                if (!ok)
                {
                    return false;
                }
            }
            else if (lineBreak && length < 4)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCard(ReadOnlySpan<char> value)
    {
        int digits = 0;
        char first = '\0';
        bool allSame = true;
        foreach (char c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            if (digits == 0)
            {
                first = c;
            }
            else if (c != first)
            {
                allSame = false;
            }

            digits++;
        }

        return digits is >= 13 and <= 19 && !allSame && Checksums.IsLuhnValid(value);
    }

    /// <summary>"gb22 4268 8036 …": the digits continue an IBAN (valid or not), not a card.</summary>
    private static bool FollowsIbanCountryCode(string text, int index)
    {
        int tokenEnd = index - 1;
        if (tokenEnd < 4 || text[tokenEnd] is not (' ' or '-'))
        {
            return false;
        }

        return char.IsAsciiDigit(text[tokenEnd - 1]) && char.IsAsciiDigit(text[tokenEnd - 2])
            && char.IsAsciiLetter(text[tokenEnd - 3]) && char.IsAsciiLetter(text[tokenEnd - 4])
            && DetectorText.WordBoundaryBefore(text, tokenEnd - 4);
    }

    // Not preceded/followed by a word character or by a decimal point ("3.14159265358979" is not a card).
    // Between digits: one of " -./", or a line break (optionally after a space or dash).
    [GeneratedRegex(
        @"(?<![0-9A-Za-z_]|[0-9][.,])[0-9](?:(?:[ ./-]|[ -]?\r?\n)?[0-9]){12,18}(?![0-9A-Za-z_]|[.,][0-9])",
        RegexOptions.CultureInvariant)]
    private static partial Regex CandidateRegex();
}
