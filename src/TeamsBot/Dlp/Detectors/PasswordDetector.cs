using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Passwords in connection strings and config (Password=...; Pwd=...; "password": "..."), and in URL user info
/// (scheme://user:pass@host). Only the password itself is reported, so a redacted connection string stays
/// readable. Template values such as "${DB_PASSWORD}", "&lt;password&gt;" or "****" are ignored.
/// </summary>
internal sealed partial class PasswordDetector : IDlpDetector
{
    public string Id => "password";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "PASSWORD";

    public string Noun => "password";

    public string NounPlural => "passwords";

    // Vectorised literal searches decide whether the patterns need to run at all, and from where.
    private static readonly SearchValues<string> Names =
        SearchValues.Create(["password", "passwd", "pwd"], StringComparison.OrdinalIgnoreCase);

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int name = normalisedText.AsSpan().IndexOfAny(Names);
        if (name >= 0)
        {
            AddValues(AssignmentRegex(), normalisedText, name, findings);
        }

        int scheme = normalisedText.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            // The scheme name is at most 32 characters before "://".
            AddValues(UrlUserInfoRegex(), normalisedText, Math.Max(0, scheme - 32), findings);
        }
    }

    private void AddValues(Regex regex, string text, int startAt, List<DlpFinding> findings)
    {
        for (var match = regex.Match(text, startAt); match.Success; match = match.NextMatch())
        {
            var value = match.Groups["v"];
            if (!DetectorText.IsPlaceholderValue(value.ValueSpan))
            {
                findings.Add(new DlpFinding(Id, value.Index, value.Length));
            }
        }
    }

    // Password=..., Pwd = '...', "password": "..." (the key may end an identifier: DB_PASSWORD=...).
    [GeneratedRegex(
        @"(?<![A-Za-z0-9])(?:password|passwd|pwd)(?:""\s*:|\s*=)\s*(?:""(?<v>[^""\r\n]{1,256})""|'(?<v>[^'\r\n]{1,256})'|(?<v>[^;\s""']{1,256}))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AssignmentRegex();

    // scheme://user:password@host
    [GeneratedRegex(
        @"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:/?#@\[\]""'<>]{1,256}:(?<v>[^\s/?#@\[\]""'<>]{1,256})@(?=[A-Za-z0-9\[])",
        RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfoRegex();
}
