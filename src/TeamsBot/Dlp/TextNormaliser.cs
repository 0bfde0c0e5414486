using System.Text;

namespace TeamsBot.Dlp;

/// <summary>
/// Normalises text before detection so that trivial evasion fails: invisible characters (zero-width, bidi
/// controls, soft hyphen, Unicode tag characters) are removed, and compatibility characters whose NFKC form is
/// ASCII are folded to it (full-width "４０１２" becomes "4012", "ｊｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ" becomes an address).
/// </summary>
/// <remarks>
/// Why not <see cref="string.Normalize(NormalizationForm)"/>: the app runs with InvariantGlobalization, where
/// it returns its input unchanged, and with ICU the result would depend on the ICU version of the host. The
/// table is generated from Unicode data, so detection behaves the same everywhere. Folding is per code point;
/// canonical composition (e + combining acute to é) is not needed to find ASCII-shaped secrets and PII.
/// Findings and redaction refer to the normalised text; the scanner forwards that text, so what was scanned
/// is exactly what is sent on.
/// </remarks>
internal static class TextNormaliser
{
    /// <summary>Returns the normalised text; the same instance when nothing changes (plain ASCII is common).</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan();
        int i = span.IndexOfAnyExceptInRange('\0', '\u007F');
        if (i < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        int copiedUpTo = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c < 0x80)
            {
                int next = span[i..].IndexOfAnyExceptInRange('\0', '\u007F');
                i = next < 0 ? text.Length : i + next;
                continue;
            }

            int codePoint = c;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[i + 1]);
                width = 2;
            }

            bool invisible = IsInvisible(codePoint);
            string? fold = invisible ? null : Fold(codePoint);
            if (invisible || fold is not null)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copiedUpTo, i - copiedUpTo);
                if (fold is not null)
                {
                    builder.Append(fold);
                }

                copiedUpTo = i + width;
            }

            i += width;
        }

        if (builder is null)
        {
            return text;
        }

        builder.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return builder.ToString();
    }

    /// <summary>Characters that render as nothing and are used to split a value so patterns miss it.</summary>
    internal static bool IsInvisible(int codePoint) => codePoint switch
    {
        0x00AD => true,                      // soft hyphen
        0x034F => true,                      // combining grapheme joiner
        0x180E => true,                      // Mongolian vowel separator
        >= 0x200B and <= 0x200F => true,     // zero-width space/non-joiner/joiner, LRM, RLM
        >= 0x202A and <= 0x202E => true,     // bidi embeddings and overrides
        >= 0x2060 and <= 0x2064 => true,     // word joiner, invisible operators
        >= 0x2066 and <= 0x2069 => true,     // bidi isolates
        0xFEFF => true,                      // zero-width no-break space (BOM)
        >= 0xE0000 and <= 0xE007F => true,   // tag characters (also used to smuggle hidden instructions)
        _ => false,
    };

    private static string? Fold(int codePoint)
    {
        var table = CompatibilityFoldTable.Entries;
        if (codePoint < table[0].Start)
        {
            return null;
        }

        int lo = 0;
        int hi = table.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var entry = table[mid];
            if (codePoint < entry.Start)
            {
                hi = mid - 1;
            }
            else if (codePoint > entry.End)
            {
                lo = mid + 1;
            }
            else
            {
                return entry.Start == entry.End
                    ? entry.Target
                    : SingleCharStrings[entry.Target[0] + (codePoint - entry.Start)];
            }
        }

        return null;
    }

    // Cached one-character strings for range rows, so folding a full-width run does not allocate per char.
    private static readonly string[] SingleCharStrings =
        Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();
}
