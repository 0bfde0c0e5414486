using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Passwords the way people write them, reporting only the password so the rest stays readable:
/// <list type="bullet">
/// <item>config and code: Password=...; DB_PASS=..., PGPASSWORD=..., "password": "...", password: '...',
/// &lt;add key="SmtpPassword" value="..."/&gt;, &lt;password&gt;...&lt;/password&gt;, --password ...;</item>
/// <item>prose in several languages: "my password is ...", "das Passwort ist ...", "mot de passe : ...",
/// "la contraseña es ...", "pwd: ...";</item>
/// <item>URL user info: scheme://user:pass@host (the user may be empty, as in redis://:pass@host).</item>
/// </list>
/// </summary>
/// <remarks>
/// After "=", in quotes, or after ":" on a line of its own (YAML) any value counts: that is how config is
/// written. After ":" inside a sentence or in
/// prose, the value must look like a password (a digit, a symbol, or mixed case inside the word), so "reset
/// your password: click the link" or "das Passwort ist abgelaufen" are not findings. Template values such as
/// "${DB_PASSWORD}", "&lt;password&gt;", "****" or our own "[PASSWORD_1]" are never findings, nor are paths
/// after PWD= (the shell's working directory) or true/false/null.
/// </remarks>
internal sealed partial class PasswordDetector : IDlpDetector
{
    private const int MinProseValue = 4;
    private const int MaxIdentifierChars = 64;
    private const int WindowBefore = 80;
    private const int WindowAfter = 320;

    private static readonly SearchValues<char> IdentifierChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    public string Id => "password";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "PASSWORD";

    public string Noun => "password";

    public string NounPlural => "passwords";

    // Vectorised literal searches decide whether the patterns need to run at all, and from where.
    // ASCII only: with a non-ASCII value SearchValues falls back to a search hundreds of times slower. "senord"
    // stands for "lösenord"; "hasło" and "пароль" are found from their non-ASCII letters. "pw" has a search of
    // its own: one two-letter value among the others makes the combined search several times slower.
    private static readonly SearchValues<string> Names = SearchValues.Create(
        ["pass", "pwd", "kennwort", "contrase", "senha", "wachtwoord", "haslo", "senord", "salasana", "parola",
         "mot de passe"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> ShortName = SearchValues.Create(["pw"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> NonAsciiNameLetters = SearchValues.Create("łŁпП");

    private static readonly string[] NotPasswords =
        ["true", "false", "null", "none", "nil", "yes", "no", "required", "empty", "n/a", "tbd", "todo", "unknown", "unset", "redacted", "hidden"];

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        var text = normalisedText.AsSpan();
        HashSet<int>? found = null;

        // Every pattern is tried only next to a keyword found by the vectorised search: at the start of the
        // identifier that holds it (anchored with \G), or in a small window for the flag and XML forms.
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(Names);
            if (offset < 0)
            {
                break;
            }

            int keyword = position + offset;
            position = keyword + 1;
            if (text[keyword..].StartsWith("senord", StringComparison.OrdinalIgnoreCase))
            {
                keyword = Math.Max(0, keyword - 2);
            }

            TryAt(normalisedText, keyword, findings, ref found);
        }

        position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(ShortName);
            if (offset < 0)
            {
                break;
            }

            int keyword = position + offset;
            position = keyword + 1;
            // "pwd" was tried with the other names.
            if (keyword + 2 >= text.Length || text[keyword + 2] is not ('d' or 'D'))
            {
                TryAt(normalisedText, keyword, findings, ref found);
            }
        }

        position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(NonAsciiNameLetters);
            if (offset < 0)
            {
                break;
            }

            int letter = position + offset;
            position = letter + 1;
            TryAt(normalisedText, text[letter] is 'ł' or 'Ł' ? Math.Max(0, letter - 3) : letter, findings, ref found);
        }

        // scheme://user:password@host: the scheme name is at most 32 characters before "://".
        int from = 0;
        int scheme;
        while (from < text.Length && (scheme = normalisedText.IndexOf("://", from, StringComparison.Ordinal)) >= 0)
        {
            from = scheme + 3;
            int windowStart = Math.Max(0, scheme - 32);
            int windowLength = Math.Min(text.Length, scheme + WindowAfter) - windowStart;
            var match = UrlUserInfoRegex().Match(normalisedText, windowStart, windowLength);
            if (match.Success && match.Index < scheme)
            {
                AddValue(match, findings, ref found, 1, anyValue: true);
            }
        }
    }

    /// <summary>Tries the patterns at a keyword found at <paramref name="keyword"/>.</summary>
    private void TryAt(string normalisedText, int keyword, List<DlpFinding> findings, ref HashSet<int>? found)
    {
        var text = normalisedText.AsSpan();
        int identifier = keyword;
        while (identifier > 0 && keyword - identifier < MaxIdentifierChars && IdentifierChars.Contains(text[identifier - 1]))
        {
            identifier--;
        }

        if (identifier > 0 && text[identifier - 1] is '"' or '\'')
        {
            identifier--;
        }

        var assignment = AssignmentRegex().Match(normalisedText, identifier);
        if (assignment.Success)
        {
            bool anyValue = assignment.Groups["q"].Success || assignment.Groups["eq"].Success || IsConfigLine(normalisedText, assignment);
            AddValue(assignment, findings, ref found, anyValue ? 1 : MinProseValue, anyValue);
        }

        var prose = ProseRegex().Match(normalisedText, keyword);
        if (prose.Success)
        {
            AddValue(prose, findings, ref found, MinProseValue, anyValue: false);
        }

        int windowStart = Math.Max(0, keyword - WindowBefore);
        int windowLength = Math.Min(text.Length, keyword + WindowAfter) - windowStart;
        for (var match = FlagOrAttributeRegex().Match(normalisedText, windowStart, windowLength); match.Success; match = match.NextMatch())
        {
            AddValue(match, findings, ref found, 1, anyValue: true);
        }
    }

    private void AddValue(Match match, List<DlpFinding> findings, ref HashSet<int>? found, int minLength, bool anyValue)
    {
        var group = match.Groups["v"];
        var value = group.ValueSpan;
        if (!match.Groups["q"].Success)
        {
            // Unquoted: a full stop, comma or closing bracket after the value ends the sentence, not the password.
            value = value.TrimEnd(".,;)");
        }

        if (value.Length < minLength
            || DetectorText.IsPlaceholderValue(value)
            || IsNotAPassword(value, match.Groups["pwd"].Success)
            || (!anyValue && !LooksLikePassword(value)))
        {
            return;
        }

        found ??= [];
        if (found.Add(group.Index))
        {
            findings.Add(new DlpFinding(Id, group.Index, value.Length));
        }
    }

    /// <summary>
    /// "password: hunter" alone on its line (YAML, a pasted config block) is configuration, whatever the value
    /// looks like; the same words inside a sentence are not.
    /// </summary>
    private static bool IsConfigLine(string text, Match match)
    {
        var value = match.Groups["v"];
        int after = value.Index + value.Length;
        if (after < text.Length && text[after] is not ('\r' or '\n'))
        {
            return false;
        }

        int lineStart = match.Index;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t' or '-')
        {
            lineStart--;
        }

        return lineStart == 0 || text[lineStart - 1] == '\n';
    }

    private static bool IsNotAPassword(ReadOnlySpan<char> value, bool afterPwd)
    {
        // PWD=/home/alice and OLDPWD=~/src are the shell's directories.
        if (afterPwd && value[0] is '/' or '~' or '.')
        {
            return true;
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var word in NotPasswords)
        {
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A digit, a symbol, or an upper-case letter after the first character next to lower case.</summary>
    internal static bool LooksLikePassword(ReadOnlySpan<char> value)
    {
        bool lower = false;
        bool innerUpper = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsDigit(c) || (!char.IsLetter(c) && c != '\'' && c != '’'))
            {
                return true;
            }

            lower |= char.IsLower(c);
            innerUpper |= i > 0 && char.IsUpper(c);
        }

        return lower && innerUpper;
    }

    // name = value, name: value, "name": "value". The name is an identifier that ends in a password word
    // (PGPASSWORD, DbPassword, db.password, MYSQL_PWD), or "pass"/"pw" on its own or after a separator (DB_PASS,
    // smtp.pass) so that "bypass" or "compass" do not count. Group q: quoted value; eq: after '='.
    [GeneratedRegex(
        @"\G(?<![A-Za-z0-9_.-])[""']?(?:[A-Za-z0-9_.-]*(?:password|passwd|passphrase|passwort|kennwort|(?<pwd>pwd))|(?:[A-Za-z0-9]+[_.-])*(?:pass|pw))[""']?"
        + @"(?:(?<eq>[ \t]*(?::=|=>|=))|[ \t]*:(?!//))[ \t]*"
        + @"(?:(?<q>"")(?<v>[^""\r\n]{1,256})""|(?<q>')(?<v>[^'\r\n]{1,256})'|(?<v>[^;\s""'<>,]{1,256}))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AssignmentRegex();

    // "my password is X", "das Passwort ist X", "mot de passe : X", "la contraseña es X", "hasło to X", "pw X",
    // and with a short complement: "the password for the shared mailbox is X", "la contraseña del wifi es X".
    [GeneratedRegex(
        @"\G(?<![\p{L}\p{N}_])(?:(?:password|passwort|kennwort|passcode|passphrase|contraseña|contrasena|senha|wachtwoord|hasło|haslo|lösenord(?:et)?|salasana|пароль|parola|mot de passe|pass|(?<pwd>pwd))"
        + @"(?:(?:[ \t]+(?:for|of|to|del|de|du|des|für|den|vom|do|da)(?:[ \t]+[\p{L}\p{N}_.-]{1,24}){1,3})?"
        + @"[ \t]+(?:is|ist|lautet|est|es|é|è|era|was|to|är|on|=|-|:)(?![\p{L}\p{N}])[ \t]*:?|[ \t]*[:=])|(?<pwd>pwd)(?=[ \t])|pw(?=[ \t]))"
        + @"[ \t]*(?:(?<q>[""'«“„‘])(?<v>[^""'«»“”„‘’\r\n]{1,128})[""'»”“’]|(?<v>[^\s""'«»“”„‘’<>]{1,128}))",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ProseRegex();

    // --password value (command lines), <add key="SmtpPassword" value="..."/> (.NET config files) and
    // <password>...</password> (Maven settings.xml and other XML config).
    [GeneratedRegex(
        @"(?<![A-Za-z0-9-])--(?:[a-z]+-)*(?:password|passwd|pass)[ \t]+(?:(?<q>"")(?<v>[^""\r\n]{1,256})""|(?<q>')(?<v>[^'\r\n]{1,256})'|(?<v>[^\s""'-][^\s""']{0,255}))"
        + @"|\b(?:key|name)[ \t]*=[ \t]*""[A-Za-z0-9_.:-]*(?:password|passwd|pwd)""[ \t]+value[ \t]*=[ \t]*(?<q>"")(?<v>[^""\r\n]{1,256})"""
        + @"|<(?:[A-Za-z0-9_-]+:)?[A-Za-z0-9_.-]*(?:password|passwd)>(?<q>)(?<v>[^<\r\n]{1,256})</",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FlagOrAttributeRegex();

    // scheme://user:password@host (user may be empty).
    [GeneratedRegex(
        @"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:/?#@\[\]""'<>]{0,256}:(?<v>[^\s/?#@\[\]""'<>]{1,256})@(?=[A-Za-z0-9\[])",
        RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfoRegex();
}
