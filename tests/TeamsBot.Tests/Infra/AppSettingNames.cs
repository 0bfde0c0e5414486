using System.Text;
using System.Text.RegularExpressions;

namespace TeamsBot.Tests.Infra;

/// <summary>
/// Reads the app setting names out of the Bicep text: every `name:` entry inside an array literal assigned to
/// something called appSettings (a `var appSettings = [...]`, or `appSettings: [...]` in siteConfig). Names must be
/// plain string literals, so that this test (and a reviewer) can see them.
/// </summary>
public static partial class AppSettingNames
{
    /// <summary>All app settings declared under infra/.</summary>
    public static IReadOnlyList<AppSetting> FromInfra()
        => [.. Directory.GetFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => FromBicep(File.ReadAllText(f), Path.GetRelativePath(RepositoryPaths.Root, f)))];

    /// <summary>App settings declared in one Bicep source text.</summary>
    public static IReadOnlyList<AppSetting> FromBicep(string bicep, string fileName)
    {
        var code = BlankOutComments(bicep);
        var settings = new List<AppSetting>();
        foreach (Match declaration in Declaration().Matches(code))
        {
            var start = declaration.Index + declaration.Length - 1; // the '['
            var end = MatchingBracket(code, start);
            var block = code[start..(end + 1)];
            foreach (Match entry in NameEntry().Matches(block))
            {
                var line = LineOf(code, start + entry.Index);
                var literal = entry.Groups["literal"];
                var isPlain = literal.Success && !literal.Value.Contains("${", StringComparison.Ordinal);
                settings.Add(new AppSetting(
                    isPlain ? Unescape(literal.Value) : null,
                    fileName,
                    line,
                    entry.Value.Trim()));
            }
        }

        return settings;
    }

    // Replaces // and /* */ comments with spaces (keeping line breaks and offsets), leaving string literals alone.
    private static string BlankOutComments(string text)
    {
        var result = new StringBuilder(text);
        var i = 0;
        while (i < text.Length)
        {
            if (text.AsSpan(i).StartsWith("'''"))
            {
                var close = text.IndexOf("'''", i + 3, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 3;
            }
            else if (text[i] == '\'')
            {
                i++;
                while (i < text.Length && text[i] != '\'')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (text.AsSpan(i).StartsWith("//"))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    result[i++] = ' ';
                }
            }
            else if (text.AsSpan(i).StartsWith("/*"))
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var stop = close < 0 ? text.Length : close + 2;
                for (; i < stop; i++)
                {
                    if (text[i] != '\n')
                    {
                        result[i] = ' ';
                    }
                }
            }
            else
            {
                i++;
            }
        }

        return result.ToString();
    }

    private static int MatchingBracket(string code, int open)
    {
        var depth = 0;
        for (var i = open; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '\'':
                    i++;
                    while (i < code.Length && code[i] != '\'')
                    {
                        i += code[i] == '\\' ? 2 : 1;
                    }

                    break;
                case '[' or '{' or '(':
                    depth++;
                    break;
                case ']' or '}' or ')':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        throw new FormatException("Unbalanced brackets after an appSettings declaration.");
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static string Unescape(string literal)
        => literal.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    // `var appSettings = [`, `var appSettingsX = [`, `appSettings: [` (any case).
    [GeneratedRegex(@"\b\w*appSettings\w*\s*(?::|=)\s*\[", RegexOptions.IgnoreCase)]
    private static partial Regex Declaration();

    // `name: 'Literal'`, or `name: <expression>` (reported as not a literal).
    [GeneratedRegex(@"\bname\s*:\s*(?:'(?<literal>(?:[^'\\]|\\.)*)'|[^\n,}]+)")]
    private static partial Regex NameEntry();
}
