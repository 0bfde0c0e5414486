using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Generic API keys and tokens: a high-entropy value assigned to a name containing key, secret, token, password,
/// credential or auth (api_key=..., "clientSecret": "...", Authorization: Bearer ...). The value must be at least
/// 16 characters, mix letters and digits, and have Shannon entropy of at least 3.5 bits per character (3.0 for
/// hex, whose alphabet is smaller), which keeps ordinary words and identifiers out.
/// </summary>
internal sealed partial class ApiKeyDetector : IDlpDetector
{
    private const int MinLength = 16;
    private const double MinEntropy = 3.5;
    private const double MinHexEntropy = 3.0;

    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");

    public string Id => "api_key";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "API_KEY";

    public string Noun => "API key";

    public string NounPlural => "API keys";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        foreach (Match match in AssignmentRegex().Matches(normalisedText))
        {
            var group = match.Groups["v"];
            var value = group.ValueSpan.TrimEnd('.');
            if (IsHighEntropySecret(value))
            {
                findings.Add(new DlpFinding(Id, group.Index, value.Length));
            }
        }
    }

    internal static bool IsHighEntropySecret(ReadOnlySpan<char> value)
    {
        if (value.Length < MinLength
            || value.IndexOfAnyInRange('0', '9') < 0
            || (value.IndexOfAnyInRange('a', 'z') < 0 && value.IndexOfAnyInRange('A', 'Z') < 0)
            || DetectorText.IsPlaceholderValue(value))
        {
            return false;
        }

        bool hex = value.IndexOfAnyExcept(HexChars) < 0;
        return Checksums.ShannonEntropy(value) >= (hex ? MinHexEntropy : MinEntropy);
    }

    // name [suffix] [quote] (: | = | => | :=) [quote] [Bearer|Basic|Token] value
    [GeneratedRegex(
        @"(?:key|secret|token|passw(?:or)?d|pwd|credential|auth)[A-Za-z0-9_.-]{0,30}?[""']?\s*(?::=|=>|[:=])\s*[""']?(?:(?:bearer|basic|token)\s+)?(?<v>[A-Za-z0-9+/=_.~-]{16,512})|bearer\s+(?<v>[A-Za-z0-9+/=_.~-]{16,512})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AssignmentRegex();
}
