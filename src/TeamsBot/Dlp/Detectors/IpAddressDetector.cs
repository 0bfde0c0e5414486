using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// IPv4 (dotted quad, each octet 0-255, no leading zeros) and IPv6 (anything <see cref="IPAddress"/> parses as
/// IPv6 with at least two colons and five hex digits). Loopback, unspecified and netmask-looking addresses are
/// not personal data and are skipped, as are dotted quads introduced as a version ("v1.2.3.4", "version 1.0.0.0").
/// </summary>
internal sealed partial class IpAddressDetector : IDlpDetector
{
    private static readonly SearchValues<char> Ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:.");
    private static readonly SearchValues<char> Dot = SearchValues.Create(".");
    private static readonly SearchValues<char> DigitsAndDots = SearchValues.Create("0123456789.");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public string Id => "ip_address";

    public DlpDetectorKind Kind => DlpDetectorKind.PersonalData;

    public string Label => "IP";

    public string Noun => "IP address";

    public string NounPlural => "IP addresses";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int position = 0;
        while (DigitRuns.TryNext(normalisedText, ref position, 4, Dot, 1, out int runStart, out int runEnd, minJoins: 3))
        {
            var (windowStart, windowLength) = DigitRuns.Window(normalisedText, runStart, runEnd, 2, 2);
            var window = normalisedText.AsSpan(windowStart, windowLength);
            foreach (var match in Ipv4Regex().EnumerateMatches(window))
            {
                var value = window.Slice(match.Index, match.Length);
                int index = windowStart + match.Index;
                if (value[0] != '0' && !value.StartsWith("127.") && !IsNetmask(value)
                    && !IsIntroducedAsVersion(normalisedText, index))
                {
                    findings.Add(new DlpFinding(Id, index, match.Length));
                }
            }
        }

        FindIpv6(normalisedText, findings);
    }

    private void FindIpv6(string text, List<DlpFinding> findings)
    {
        int from = 0;
        int colon;
        while (from < text.Length && (colon = text.IndexOf(':', from)) >= 0)
        {
            int start = colon;
            while (start > 0 && Ipv6Chars.Contains(text[start - 1]))
            {
                start--;
            }

            int end = colon + 1;
            while (end < text.Length && Ipv6Chars.Contains(text[end]))
            {
                end++;
            }

            from = end;
            while (end > start && text[end - 1] == '.')
            {
                end--;
            }

            var candidate = text.AsSpan(start, end - start);
            if (candidate.Count(':') >= 2
                && CountHexDigits(candidate) >= 5
                && DetectorText.WordBoundaryBefore(text, start)
                && DetectorText.WordBoundaryAt(text, end)
                && IPAddress.TryParse(candidate, out var address)
                && address.AddressFamily == AddressFamily.InterNetworkV6
                && !IPAddress.IsLoopback(address)
                && !address.Equals(IPAddress.IPv6Any))
            {
                findings.Add(new DlpFinding(Id, start, end - start));
            }
        }
    }

    private static int CountHexDigits(ReadOnlySpan<char> value)
    {
        int count = 0;
        foreach (char c in value)
        {
            if (HexDigits.Contains(c))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsNetmask(ReadOnlySpan<char> value) =>
        value.StartsWith("255.") && value.IndexOfAnyExcept(DigitsAndDots) < 0 && MaskRegex().IsMatch(value);

    private static bool IsIntroducedAsVersion(string text, int index)
    {
        var before = text.AsSpan(0, index).TrimEnd(" :=");
        return before.EndsWith("version", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("ver", StringComparison.OrdinalIgnoreCase);
    }

    private const string Octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

    // Not part of a longer dotted number ("1.2.3.4.5") or a word ("v1.2.3.4").
    [GeneratedRegex(@"(?<![0-9A-Za-z_.])(?:" + Octet + @"\.){3}" + Octet + @"(?![0-9A-Za-z_]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Regex();

    [GeneratedRegex(@"^255\.(?:(?:255|254|252|248|240|224|192|128|0)\.){2}(?:255|254|252|248|240|224|192|128|0)\z", RegexOptions.CultureInvariant)]
    private static partial Regex MaskRegex();
}
