using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Azure storage credentials: whole storage connection strings (DefaultEndpointsProtocol=...;AccountKey=...),
/// AccountKey=/SharedAccessKey= values elsewhere, and bare 88-character base64 account keys ending in "==".
/// </summary>
internal sealed partial class AzureStorageKeyDetector : IDlpDetector
{
    private const int AccountKeyLength = 88;

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
