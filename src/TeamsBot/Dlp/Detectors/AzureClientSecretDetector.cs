using System.Buffers;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Microsoft Entra ID (Azure AD) client secrets in the current format: three characters, a digit, "Q~", then
/// 31-34 characters of [A-Za-z0-9_~.-] (40 characters in all), as issued since 2021.
/// </summary>
/// <remarks>Anchored on the literal "Q~" (a vectorised search; prose never has it) and checked both ways.</remarks>
internal sealed class AzureClientSecretDetector : IDlpDetector
{
    private const int MinTail = 31;
    private const int MaxTail = 34;

    private static readonly SearchValues<char> HeadChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.");

    private static readonly SearchValues<char> TailChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-");

    public string Id => "azure_client_secret";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "AZURE_SECRET";

    public string Noun => "Azure client secret";

    public string NounPlural => "Azure client secrets";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int from = 4;
        int marker;
        while (from < normalisedText.Length && (marker = normalisedText.IndexOf("Q~", from, StringComparison.Ordinal)) >= 0)
        {
            from = marker + 2;
            int start = marker - 4;
            if (start < 0
                || !char.IsAsciiDigit(normalisedText[marker - 1])
                || normalisedText.AsSpan(start, 3).IndexOfAnyExcept(HeadChars) >= 0
                || (start > 0 && TailChars.Contains(normalisedText[start - 1])))
            {
                continue;
            }

            var rest = normalisedText.AsSpan(marker + 2);
            int tail = rest.IndexOfAnyExcept(TailChars);
            if (tail < 0)
            {
                tail = rest.Length;
            }

            // A trailing '.' ends a sentence more often than it ends a secret.
            while (tail > MinTail && rest[tail - 1] == '.')
            {
                tail--;
            }

            if (tail is >= MinTail and <= MaxTail && rest[..tail].IndexOfAnyInRange('0', '9') >= 0)
            {
                findings.Add(new DlpFinding(Id, start, tail + 6));
                from = marker + 2 + tail;
            }
        }
    }
}
