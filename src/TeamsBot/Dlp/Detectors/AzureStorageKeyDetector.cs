using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Azure storage credentials: whole storage connection strings (DefaultEndpointsProtocol=...;AccountKey=...),
/// AccountKey=/SharedAccessKey= values elsewhere, bare 88-character base64 account keys ending in "==", and the
/// signature (sig=) of shared access signature (SAS) URLs and tokens, recognised by their sv= (version) field.
/// </summary>
internal sealed partial class AzureStorageKeyDetector : IDlpDetector
{
    private const int AccountKeyLength = 88;
    private const int MaxSasQuery = 512;
    private const int MinSignatureChars = 20;

    // string.IndexOf with OrdinalIgnoreCase is far slower than this on text with some non-ASCII characters.
    private static readonly SearchValues<string> SignatureName = SearchValues.Create(["sig="], StringComparison.OrdinalIgnoreCase);

    // Base64 of an HMAC-SHA256, URL-encoded (%2B, %2F, %3D) or not.
    private static readonly SearchValues<char> SignatureChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=%_-");

    private static readonly SearchValues<string> KeyNames =
        SearchValues.Create(["AccountKey", "SharedAccessKey"], StringComparison.OrdinalIgnoreCase);

    public string Id => "azure_storage_key";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "AZURE_KEY";

    public string Noun => "Azure storage key";

    public string NounPlural => "Azure storage keys";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        // Both patterns need one of these names; a SearchValues literal search is vectorised, the patterns are not.
        var connectionStrings = new List<DlpFinding>();
        if (normalisedText.AsSpan().IndexOfAny(KeyNames) >= 0)
        {
            foreach (var match in ConnectionStringRegex().EnumerateMatches(normalisedText))
            {
                connectionStrings.Add(new DlpFinding(Id, match.Index, match.Length));
            }

            findings.AddRange(connectionStrings);
            foreach (Match match in KeyValueRegex().Matches(normalisedText))
            {
                var value = match.Groups["v"];
                AddUnlessInside(new DlpFinding(Id, value.Index, value.Length), connectionStrings, findings);
            }
        }

        FindBareAccountKeys(normalisedText, connectionStrings, findings);
        FindSasSignatures(normalisedText, findings);
    }

    // "sig=" is rare in prose (vectorised search); the signature counts when the same query has "sv=".
    private void FindSasSignatures(string text, List<DlpFinding> findings)
    {
        int from = 0;
        while (from < text.Length)
        {
            int offset = text.AsSpan(from).IndexOfAny(SignatureName);
            if (offset < 0)
            {
                return;
            }

            int sig = from + offset;
            from = sig + 4;
            if (sig == 0 || text[sig - 1] is not ('&' or '?' or ';'))
            {
                continue;
            }

            int queryStart = sig;
            while (queryStart > 0 && sig - queryStart < MaxSasQuery && !char.IsWhiteSpace(text[queryStart - 1])
                && text[queryStart - 1] is not ('"' or '\''))
            {
                queryStart--;
            }

            var query = text.AsSpan(queryStart, sig - queryStart);
            if (query.IndexOf("sv=", StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            int length = text.AsSpan(from).IndexOfAnyExcept(SignatureChars);
            if (length < 0)
            {
                length = text.Length - from;
            }

            if (length >= MinSignatureChars)
            {
                findings.Add(new DlpFinding(Id, from, length));
                from += length;
            }
        }
    }

    // The key inside a connection string is already covered by the connection string finding.
    private static void AddUnlessInside(DlpFinding finding, List<DlpFinding> outer, List<DlpFinding> findings)
    {
        foreach (var o in outer)
        {
            if (finding.Start >= o.Start && finding.End <= o.End)
            {
                return;
            }
        }

        findings.Add(finding);
    }

    // Anchor on "==" (rare in prose, found with a vectorised search) and look back, instead of trying an
    // 86-character loop at every letter.
    private void FindBareAccountKeys(string text, List<DlpFinding> connectionStrings, List<DlpFinding> findings)
    {
        int from = AccountKeyLength - 2;
        int eq;
        while (from < text.Length && (eq = text.IndexOf("==", from, StringComparison.Ordinal)) >= 0)
        {
            from = eq + 1;
            int start = eq - (AccountKeyLength - 2);
            if (start < 0)
            {
                continue;
            }

            int end = eq + 2;
            if (text.AsSpan(start, AccountKeyLength - 2).IndexOfAnyExcept(DetectorText.Base64Chars) < 0
                && (start == 0 || !DetectorText.Base64Chars.Contains(text[start - 1]))
                && (end == text.Length || !(DetectorText.Base64Chars.Contains(text[end]) || text[end] == '=')))
            {
                AddUnlessInside(new DlpFinding(Id, start, AccountKeyLength), connectionStrings, findings);
                from = end;
            }
        }
    }

    [GeneratedRegex(
        @"DefaultEndpointsProtocol=[A-Za-z]+;(?:[A-Za-z]+=[^;\s""']*;)*?AccountKey=[A-Za-z0-9+/]{20,}={0,2}(?:;[A-Za-z]+=[^;\s""']*)*;?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringRegex();

    [GeneratedRegex(
        @"(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)\s*=\s*(?<v>[A-Za-z0-9+/]{20,}={0,2})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueRegex();
}
