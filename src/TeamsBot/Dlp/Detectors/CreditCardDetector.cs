using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Payment card numbers: 13-19 digits, optionally in groups separated by one kind of space or dash, first digit
/// 1-6 (the issuer ranges in use), Luhn-valid. Grouped numbers start with a group of four, as printed on cards.
/// </summary>
internal sealed partial class CreditCardDetector : IDlpDetector
{
    public string Id => "credit_card";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "CARD";

    public string Noun => "card number";

    public string NounPlural => "card numbers";

    private static readonly SearchValues<char> Separators = SearchValues.Create(" -");

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        // Only windows with a run of 13+ digits can hold a card number.
        int position = 0;
        while (DigitRuns.TryNext(normalisedText, ref position, 13, Separators, 1, out int start, out int end))
        {
            var (windowStart, windowLength) = DigitRuns.Window(normalisedText, start, end, 2, 2);
            var window = normalisedText.AsSpan(windowStart, windowLength);
            foreach (var match in CandidateRegex().EnumerateMatches(window))
            {
                int length = ValidLength(window.Slice(match.Index, match.Length));
                if (length > 0)
                {
                    findings.Add(new DlpFinding(Id, windowStart + match.Index, length));
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

        int sep = candidate.IndexOfAny(' ', '-');
        if (sep < 0)
        {
            return IsCard(candidate) ? candidate.Length : 0;
        }

        // One separator kind, first group of four, later groups of 3-6 digits.
        char separator = candidate[sep];
        if (sep != 4 || candidate.IndexOf(separator == ' ' ? '-' : ' ') >= 0)
        {
            return 0;
        }

        int end = candidate.Length;
        while (end > 0)
        {
            var prefix = candidate[..end];
            if (GroupsAreValid(prefix, separator) && IsCard(prefix))
            {
                return end;
            }

            end = prefix.LastIndexOf(separator);
        }

        return 0;
    }

    private static bool GroupsAreValid(ReadOnlySpan<char> value, char separator)
    {
        int groupStart = 5;
        while (groupStart < value.Length)
        {
            int next = value[groupStart..].IndexOf(separator);
            int length = next < 0 ? value.Length - groupStart : next;
            if (length is < 3 or > 6)
            {
                return false;
            }

            groupStart += length + 1;
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

    // Not preceded/followed by a word character or by a decimal point ("3.14159265358979" is not a card).
    [GeneratedRegex(@"(?<![0-9A-Za-z_]|[0-9][.,])[0-9](?:[ -]?[0-9]){12,18}(?![0-9A-Za-z_]|[.,][0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex CandidateRegex();
}
