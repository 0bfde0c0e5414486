using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Phone numbers in three shapes: international ("+44 20 7946 0958", "+1 (415) 555-0100", "0049 30 1234567",
/// 8-15 digits after the prefix), North American ("(415) 555-0100", "415-555-0100") and national with a trunk
/// zero and at least one separator ("020 7946 0958"). Plain digit runs, dates and dotted versions do not match
/// any shape, which keeps "order 1234567890" or "2024-01-15 10" out.
/// </summary>
internal sealed partial class PhoneDetector : IDlpDetector
{
    // Longer than any real number with separators ("+49 (0) 30 123 456 78"); bounds the work per start.
    private const int MaxPhoneChars = 28;

    public string Id => "phone";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "PHONE";

    public string Noun => "phone number";

    public string NounPlural => "phone numbers";

    private static readonly SearchValues<char> Separators = SearchValues.Create(" ().-/");

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        // Every shape has at least 8 digits; ") " and " (" join groups, so allow two separators in a row.
        int position = 0;
        while (DigitRuns.TryNext(normalisedText, ref position, 8, Separators, 2, out int runStart, out int runEnd))
        {
            var (windowStart, windowLength) = DigitRuns.Window(normalisedText, runStart, runEnd, 3, 1);
            FindInWindow(normalisedText.AsSpan(windowStart, windowLength), windowStart, findings);
        }
    }

    private void FindInWindow(ReadOnlySpan<char> window, int windowStart, List<DlpFinding> findings)
    {
        foreach (var match in CandidateRegex().EnumerateMatches(window))
        {
            // A candidate can hold several numbers ("+44 20 7946 0958 / 030 1234567"): try each start.
            var candidate = window.Slice(match.Index, match.Length);
            int pos = 0;
            while (pos < candidate.Length)
            {
                // A start right after another digit group ("DE89 3704 0044 …", "5159 0021 9677 8107") is the
                // middle of a longer number, not a phone number of its own.
                if (candidate[pos] is '+' or '(' or (>= '0' and <= '9')
                    && (pos == 0 || candidate[pos - 1] == '/'
                        || (candidate[pos - 1] == ' ' && (pos < 2 || !char.IsAsciiDigit(candidate[pos - 2])))))
                {
                    int length = LongestPhoneAt(candidate[pos..]);
                    if (length > 0)
                    {
                        findings.Add(new DlpFinding(Id, windowStart + match.Index + pos, length));
                        pos += length;
                        continue;
                    }
                }

                pos++;
            }
        }
    }

    private static int LongestPhoneAt(ReadOnlySpan<char> s)
    {
        // Every shape starts with '+', '(', '0' (00 prefix or trunk zero) or an area code digit 2-9.
        if (s[0] == '1')
        {
            return 0;
        }

        for (int end = Math.Min(s.Length, MaxPhoneChars); end >= 7; end--)
        {
            // Only cut after a digit or ')' and never inside a digit run.
            if (s[end - 1] is not ((>= '0' and <= '9') or ')') || (end < s.Length && char.IsAsciiDigit(s[end])))
            {
                continue;
            }

            if (IsPhone(s[..end]))
            {
                return end;
            }
        }

        return 0;
    }

    private static bool IsPhone(ReadOnlySpan<char> s)
    {
        int digits = 0;
        foreach (char c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        if (s[0] == '+' || s.StartsWith("00"))
        {
            int significant = s[0] == '+' ? digits : digits - 2;
            return significant is >= 8 and <= 15 && InternationalRegex().IsMatch(s);
        }

        if (NorthAmericanRegex().IsMatch(s))
        {
            return true;
        }

        return digits is >= 10 and <= 11 && NationalRegex().IsMatch(s) && !DateRegex().IsMatch(s);
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z_+\-.,/])[+(]?[0-9][0-9 ().\-/]{6,}", RegexOptions.CultureInvariant)]
    private static partial Regex CandidateRegex();

    // Country code, optional "(0)" or "(area)" group, then digit groups with single separators.
    [GeneratedRegex(@"^(?:\+|00)[1-9][0-9]{0,3}(?:[ .-]?\([0-9]{1,4}\))?(?:[ .-]?[0-9]{1,8}){1,6}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InternationalRegex();

    [GeneratedRegex(@"^(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[-. ])[2-9][0-9]{2}[-. ][0-9]{4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NorthAmericanRegex();

    [GeneratedRegex(@"^(?:\(0[1-9][0-9]{0,4}\) ?|0[1-9][0-9]{0,4}[ /-])[0-9]{2,8}(?:[ /-][0-9]{2,8}){0,4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NationalRegex();

    [GeneratedRegex(@"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();
}
