using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// IBANs, compact or in groups separated by single spaces or dashes, in upper or lower case: known country
/// code, the country's exact length, ISO 13616 mod-97 check.
/// </summary>
internal sealed partial class IbanDetector : IDlpDetector
{
    // IBAN registry lengths per country (SWIFT IBAN Registry): country code followed by the total length.
    private const string RegistryLengths =
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 " +
        "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 " +
        "IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 " +
        "NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 " +
        "SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";

    // Longest possible candidate: 34 characters with a separator between each.
    private const int MaxCandidateChars = 67;

    private static readonly FrozenDictionary<string, int> Lengths = RegistryLengths
        .Split(' ')
        .ToFrozenDictionary(e => e[..2], e => int.Parse(e.AsSpan(2), CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public string Id => "iban";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "IBAN";

    public string Noun => "IBAN";

    public string NounPlural => "IBANs";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        // Prefilter: an IBAN starts with two letters and two digits, so look at digits (vectorised search)
        // and run the pattern only where the two characters before them are letters.
        int position = 2;
        while (position < normalisedText.Length)
        {
            int offset = normalisedText.AsSpan(position).IndexOfAnyInRange('0', '9');
            if (offset < 0)
            {
                break;
            }

            // Only the first digit of a run can follow the country code; skip the rest of the run.
            int digit = position + offset;
            position = digit + 1;
            while (position < normalisedText.Length && char.IsAsciiDigit(normalisedText[position]))
            {
                position++;
            }

            if (!char.IsAsciiLetter(normalisedText[digit - 2]) || !char.IsAsciiLetter(normalisedText[digit - 1]))
            {
                continue;
            }

            int start = digit - 2;
            var (windowStart, windowLength) = DigitRuns.Window(normalisedText, start, start + MaxCandidateChars, 1, 0);
            foreach (var match in CandidateRegex().EnumerateMatches(normalisedText.AsSpan(windowStart, windowLength)))
            {
                int end = TryAdd(normalisedText, windowStart + match.Index, match.Length, findings);
                position = Math.Max(position, end);
            }
        }
    }

    /// <summary>Validates one candidate; returns the end of the finding, or of the candidate when it is not one.</summary>
    private int TryAdd(string normalisedText, int index, int candidateLength, List<DlpFinding> findings)
    {
        var candidate = normalisedText.AsSpan(index, candidateLength);
        var lookup = Lengths.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> country = [char.ToUpperInvariant(candidate[0]), char.ToUpperInvariant(candidate[1])];
        if (!lookup.TryGetValue(country, out int length))
        {
            return index + 1;
        }

        // The candidate may run on into following words ("... 7654 32 I paid"); take exactly the country's
        // length and require that it ends at a word boundary.
        Span<char> compact = stackalloc char[34];
        int taken = 0;
        int end = 0;
        while (end < candidate.Length && taken < length)
        {
            char c = candidate[end++];
            if (c is not (' ' or '-'))
            {
                compact[taken++] = char.ToUpperInvariant(c);
            }
        }

        int textEnd = index + end;
        if (taken == length
            && DetectorText.WordBoundaryAt(normalisedText, textEnd)
            && Checksums.IsIbanMod97Valid(compact[..length]))
        {
            findings.Add(new DlpFinding(Id, index, end));
            return textEnd;
        }

        return index + 1;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z_])[A-Za-z]{2}[0-9]{2}(?:[ -]?[0-9A-Za-z]){11,30}", RegexOptions.CultureInvariant)]
    private static partial Regex CandidateRegex();
}
