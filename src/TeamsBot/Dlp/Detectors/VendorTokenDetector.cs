using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// A vendor credential with a documented, self-identifying shape (a fixed prefix, then a body of known alphabet
/// and length), such as OpenAI's "sk-proj-…" or npm's "npm_…". The instances and their patterns are in
/// <see cref="VendorTokenPatterns"/>.
/// </summary>
/// <remarks>
/// The prefixes are found with one vectorised literal search; the pattern only runs from there. A match must
/// not continue a word on either side, and its body (after the prefix) must mix letters and digits unless the
/// format says otherwise, which keeps identifiers such as "sk-learn-something" out.
/// </remarks>
internal sealed class VendorTokenDetector : IDlpDetector
{
    private readonly SearchValues<string> _prefixes;
    private readonly Regex _pattern;
    private readonly int _prefixLength;
    private readonly bool _mixedBody;
    private readonly SearchValues<char> _tokenChars;

    public VendorTokenDetector(VendorTokenFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        Id = format.Id;
        Label = format.Label;
        Noun = format.Noun;
        NounPlural = format.NounPlural;
        _prefixes = SearchValues.Create(format.Prefixes, StringComparison.Ordinal);
        _pattern = format.Pattern;
        _prefixLength = format.Prefixes.Min(p => p.Length);
        _mixedBody = format.MixedBody;
        _tokenChars = SearchValues.Create(format.TokenChars);
    }

    public string Id { get; }

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label { get; }

    public string Noun { get; }

    public string NounPlural { get; }

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        var text = normalisedText.AsSpan();
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(_prefixes);
            if (offset < 0)
            {
                return;
            }

            int start = position + offset;
            position = start + 1;
            if (start > 0 && _tokenChars.Contains(text[start - 1]))
            {
                continue;
            }

            var match = _pattern.Match(normalisedText, start);
            if (!match.Success || match.Index != start)
            {
                continue;
            }

            int end = start + match.Length;
            if (end < text.Length && _tokenChars.Contains(text[end]))
            {
                continue;
            }

            var body = text[(start + _prefixLength)..end];
            if (_mixedBody && !MixesLettersAndDigits(body))
            {
                continue;
            }

            findings.Add(new DlpFinding(Id, start, match.Length));
            position = end;
        }
    }

    private static bool MixesLettersAndDigits(ReadOnlySpan<char> body) =>
        body.IndexOfAnyInRange('0', '9') >= 0
        && body.IndexOfAnyInRange('a', 'z') >= 0
        && body.IndexOfAnyInRange('A', 'Z') >= 0;
}
