using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// PEM/OpenSSH/PGP private key blocks, from "-----BEGIN ... PRIVATE KEY-----" to the matching END line. A block
/// pasted without its END line still counts, up to the last line of key material. A BEGIN line with no key
/// material after it (someone asking what the header means) is not a finding. Keys inside JSON strings, as in a
/// Google service-account file ("private_key": "-----BEGIN PRIVATE KEY-----\nMIIE…"), have their line breaks
/// written as "\n" escapes; those count as line breaks.
/// </summary>
internal sealed partial class PrivateKeyDetector : IDlpDetector
{
    private const int MinKeyMaterial = 32;

    public string Id => "private_key";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "PRIVATE_KEY";

    public string Noun => "private key";

    public string NounPlural => "private keys";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int skipUntil = 0;
        foreach (var begin in BeginRegex().EnumerateMatches(normalisedText))
        {
            if (begin.Index < skipUntil)
            {
                continue;
            }

            int bodyStart = begin.Index + begin.Length;
            int end = FindEnd(normalisedText, bodyStart, out int material);
            if (material >= MinKeyMaterial)
            {
                findings.Add(new DlpFinding(Id, begin.Index, end - begin.Index));
                skipUntil = end;
            }
        }
    }

    /// <summary>End of the block (after the END line, or after the last key-material token) and its base64 count.</summary>
    private static int FindEnd(string text, int bodyStart, out int material)
    {
        // With an END line: everything in between must look like PEM (base64, whitespace, "Proc-Type: 4,ENCRYPTED").
        int footer = text.IndexOf("-----END ", bodyStart, StringComparison.Ordinal);
        if (footer >= 0 && text.AsSpan(bodyStart, footer - bodyStart).IndexOfAnyExcept(PemBodyChars) < 0)
        {
            var end = EndRegex().Match(text, footer);
            if (end.Success && end.Index == footer)
            {
                material = CountBase64(text.AsSpan(bodyStart, footer - bodyStart));
                return end.Index + end.Length;
            }
        }

        // Without one: take whitespace-separated tokens while they look like key material.
        int pos = bodyStart;
        int last = bodyStart;
        material = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }

            int tokenStart = pos;
            while (pos < text.Length && !char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }

            var token = text.AsSpan(tokenStart, pos - tokenStart);
            bool keyMaterial = !token.IsEmpty
                && token.IndexOfAnyExcept(KeyMaterialChars) < 0
                && (token.Length >= 16 || token.IndexOfAny(DigitsOrSymbols) >= 0);
            if (!keyMaterial)
            {
                return last;
            }

            material += token.Length;
            last = pos;
        }
    }

    private static int CountBase64(ReadOnlySpan<char> body)
    {
        int count = 0;
        foreach (char c in body)
        {
            if (DetectorText.Base64Chars.Contains(c))
            {
                count++;
            }
        }

        return count;
    }

    private static readonly System.Buffers.SearchValues<char> DigitsOrSymbols =
        System.Buffers.SearchValues.Create("0123456789+/=");

    // Base64 and padding, plus the backslash of the "\n" escapes of a key inside a JSON string.
    private static readonly System.Buffers.SearchValues<char> KeyMaterialChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\\");

    private static readonly System.Buffers.SearchValues<char> PemBodyChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=:,- \t\r\n\\");

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex BeginRegex();

    [GeneratedRegex(@"\G-----END [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex EndRegex();
}
