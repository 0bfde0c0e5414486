using System.Buffers;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Generic API keys and tokens: a high-entropy value assigned to a name containing key, secret, token, password,
/// credential or auth (api_key=..., "clientSecret": "...", X-Api-Key: ..., Authorization: Bearer ...), or following
/// "Bearer". The value must be at least 16 characters, mix letters and digits, and have Shannon entropy of at least
/// 3.5 bits per character (3.0 for hex, whose alphabet is smaller), which keeps ordinary words and identifiers out.
/// </summary>
/// <remarks>
/// Anchored on ':' and '=' (found with a vectorised search) and checked backwards for the name; a regex that
/// starts with the keywords has to be tried at every k, s, t, p, c and a in the message.
/// </remarks>
internal sealed class ApiKeyDetector : IDlpDetector
{
    private const int MinLength = 16;
    private const int MaxNameChars = 64;
    private const double MinEntropy = 3.5;
    private const double MinHexEntropy = 3.0;
    private const string Bearer = "bearer";

    private static readonly SearchValues<char> Separators = SearchValues.Create(":=");

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static readonly SearchValues<char> ValueChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_.~-");

    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly SearchValues<string> Keywords = SearchValues.Create(
        ["key", "secret", "token", "password", "passwd", "pwd", "credential", "auth"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> BearerWord =
        SearchValues.Create([Bearer], StringComparison.OrdinalIgnoreCase);

    private static readonly string[] SchemeWords = ["bearer", "basic", "token"];

    public string Id => "api_key";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "API_KEY";

    public string Noun => "API key";

    public string NounPlural => "API keys";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        var text = normalisedText.AsSpan();
        HashSet<int>? found = null;

        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(Separators);
            if (offset < 0)
            {
                break;
            }

            int separator = position + offset;
            position = separator + 1;
            if (!NameBeforeHasKeyword(text, separator))
            {
                continue;
            }

            // ":=" and "=>" are one separator.
            int valueStart = separator + 1;
            if (valueStart < text.Length && ((text[separator] == ':' && text[valueStart] == '=')
                || (text[separator] == '=' && text[valueStart] == '>')))
            {
                valueStart++;
            }

            int end = TryAdd(text, SkipToValue(text, valueStart, skipScheme: true), findings, ref found);
            position = Math.Max(position, end);
        }

        // "Bearer <token>" without a name in front.
        position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(BearerWord);
            if (offset < 0)
            {
                break;
            }

            int bearer = position + offset;
            position = bearer + 1;
            int after = bearer + Bearer.Length;
            if (DetectorText.WordBoundaryBefore(normalisedText, bearer) && after < text.Length && text[after] is ' ' or '\t')
            {
                TryAdd(text, SkipToValue(text, after, skipScheme: false), findings, ref found);
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

    /// <summary>True when the identifier just before the separator (quotes and spaces allowed) names a secret.</summary>
    private static bool NameBeforeHasKeyword(ReadOnlySpan<char> text, int separator)
    {
        int nameEnd = separator;
        while (nameEnd > 0 && text[nameEnd - 1] is ' ' or '\t')
        {
            nameEnd--;
        }

        if (nameEnd > 0 && text[nameEnd - 1] is '"' or '\'')
        {
            nameEnd--;
        }

        int nameStart = nameEnd;
        while (nameStart > 0 && nameEnd - nameStart < MaxNameChars && NameChars.Contains(text[nameStart - 1]))
        {
            nameStart--;
        }

        return text[nameStart..nameEnd].IndexOfAny(Keywords) >= 0;
    }

    /// <summary>Skips spaces, an opening quote and (optionally) an auth scheme such as "Bearer ".</summary>
    private static int SkipToValue(ReadOnlySpan<char> text, int index, bool skipScheme)
    {
        while (index < text.Length && text[index] is ' ' or '\t')
        {
            index++;
        }

        if (index < text.Length && text[index] is '"' or '\'')
        {
            index++;
        }

        if (skipScheme)
        {
            foreach (var scheme in SchemeWords)
            {
                var rest = text[index..];
                if (rest.Length > scheme.Length && rest.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
                    && rest[scheme.Length] is ' ' or '\t')
                {
                    return SkipToValue(text, index + scheme.Length, skipScheme: false);
                }
            }
        }

        return index;
    }

    /// <summary>Adds the value at <paramref name="start"/> if it looks like a secret; returns where it ends.</summary>
    private int TryAdd(ReadOnlySpan<char> text, int start, List<DlpFinding> findings, ref HashSet<int>? found)
    {
        var rest = text[start..];
        int length = rest.IndexOfAnyExcept(ValueChars);
        var value = (length < 0 ? rest : rest[..length]).TrimEnd('.');
        if (!IsHighEntropySecret(value))
        {
            return start;
        }

        found ??= [];
        if (found.Add(start))
        {
            findings.Add(new DlpFinding(Id, start, value.Length));
        }

        return start + value.Length;
    }
}
