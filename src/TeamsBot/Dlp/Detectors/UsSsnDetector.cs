using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// US social security numbers written with dashes or spaces (one kind): area not 000, 666 or 9xx, group not
/// 00, serial not 0000, not one repeated digit. Bare nine-digit runs are too ambiguous to flag.
/// </summary>
internal sealed partial class UsSsnDetector : IDlpDetector
{
    public string Id => "us_ssn";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "SSN";

    public string Noun => "US social security number";

    public string NounPlural => "US social security numbers";

    private static readonly SearchValues<char> Separators = SearchValues.Create(" -");

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int position = 0;
        while (DigitRuns.TryNext(normalisedText, ref position, 9, Separators, 1, out int runStart, out int runEnd))
        {
            var (windowStart, windowLength) = DigitRuns.Window(normalisedText, runStart, runEnd, 2, 2);
            var window = normalisedText.AsSpan(windowStart, windowLength);
            foreach (var match in CandidateRegex().EnumerateMatches(window))
            {
                var s = window.Slice(match.Index, match.Length);
                var area = s[..3];
                var group = s.Slice(4, 2);
                var serial = s.Slice(7, 4);
                bool invalid = area is "000" or "666" || area[0] == '9' || group is "00" || serial is "0000"
                    || s.IndexOfAnyExcept(s[0], s[3]) < 0;
                if (!invalid)
                {
                    findings.Add(new DlpFinding(Id, windowStart + match.Index, match.Length));
                }
            }
        }
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z_\-.])[0-9]{3}([- ])[0-9]{2}\1[0-9]{4}(?![0-9A-Za-z_]|[-.][0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex CandidateRegex();
}
