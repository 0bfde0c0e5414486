using System.Text;

namespace TeamsBot.Dlp;

/// <summary>
/// Normalises text before detection so that trivial evasion fails: invisible characters (zero-width, bidi
/// controls, soft hyphen, Unicode tag characters) are removed, and compatibility characters whose NFKC form is
/// ASCII are folded to it (full-width "４０１２" becomes "4012", "ｊｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ" becomes an address).
/// Cyrillic and Greek letters that look like Latin ones ("АКІА" with Cyrillic А, К, І) are folded to those
/// Latin letters inside a word that also has ASCII letters or digits: a key spelled with look-alikes is found,
/// while Russian or Greek prose (no ASCII inside its words) reaches the model as written.
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
        var mixedWord = default(WordScript);
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
            if (fold is null && !invisible && width == 1)
            {
                char latin = ConfusableLatin(c);
                if (latin != '\0' && mixedWord.HasAsciiAt(text, i))
                {
                    fold = SingleCharStrings[latin];
                }
            }
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

    /// <summary>The Latin letter a Cyrillic or Greek letter is drawn like (Unicode confusables), or '\0'.</summary>
    internal static char ConfusableLatin(char c)
    {
        int index = ConfusableLetters.IndexOf(c, StringComparison.Ordinal);
        return index < 0 ? '\0' : ConfusableTargets[index];
    }

    // Cyrillic А В Е К М Н О Р С Т У Х Ѕ І Ј Ү Ӏ ԁ а е о р с у х ѕ і ј һ ӏ ԛ ԝ, Greek Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
    // ο ν ι κ ρ υ χ α, and dotless ı; ConfusableTargets holds the Latin letter each passes for, in the same order.
    private const string ConfusableLetters =
        "\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0423\u0425\u0405\u0406\u0408\u04AE\u04C0\u0501\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u04BB\u04CF\u051B\u051D\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7\u03BF\u03BD\u03B9\u03BA\u03C1\u03C5\u03C7\u03B1\u0131";

    private const string ConfusableTargets =
        "ABEKMHOPCTYXSIJYIdaeopcyxsijhlqwABEZHIKMNOPTYXovikpuxai";

    /// <summary>
    /// Remembers the extent of the last word examined and whether it has ASCII letters or digits (or full-width
    /// ones, which fold to ASCII), so a long mixed-script word is scanned once, not once per look-alike.
    /// </summary>
    private struct WordScript
    {
        private const int MaxWordScan = 512;
        private int _end;
        private bool _hasAscii;

        public bool HasAsciiAt(string text, int index)
        {
            if (index < _end)
            {
                return _hasAscii;
            }

            bool ascii = false;
            int start = index;
            while (start > 0 && index - start < MaxWordScan && IsWordPart(text[start - 1], ref ascii))
            {
                start--;
            }

            int end = index + 1;
            while (end < text.Length && end - index < MaxWordScan && IsWordPart(text[end], ref ascii))
            {
                end++;
            }

            _end = end;
            _hasAscii = ascii;
            return ascii;
        }

        private static bool IsWordPart(char c, ref bool ascii)
        {
            if (char.IsAsciiLetterOrDigit(c) || (c >= '\uFF10' && c <= '\uFF5A'))
            {
                ascii = true;
                return true;
            }

            // Split-token characters (zero-width, bidi controls) are removed anyway; they do not end the word.
            return char.IsLetterOrDigit(c) || c is '_' or '-' || IsInvisible(c);
        }
    }

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
