namespace TeamsBot.Dlp;

/// <summary>
/// Decides how much of a growing answer may be shown before the rest has arrived. A value the model is still
/// writing could be half a secret that no detector recognises yet ("4012 8888 " of a card number, "AKIAIOSF" of a
/// key), so the unfinished tail is held back until it is complete or the answer ends:
/// <list type="bullet">
/// <item>the last token, until whitespace follows it;</item>
/// <item>before it, a run of value-like tokens (digit groups such as "4012" or "DE89", upper-case chunks such as
/// "IOSF"), which may be the first part of a value split by spaces or over lines; at most
/// <see cref="MaxSplitValueChars"/> characters of such a run, longer than any value written in groups.</item>
/// </list>
/// Holding back too much only delays the display; the finished answer is shown whole once it has been scanned.
/// </summary>
internal static class StreamHoldBack
{
    /// <summary>
    /// Longest value people write in space-separated groups: an IBAN is at most 34 characters, 42 with its spaces;
    /// cards, phone numbers and split keys are shorter. Multi-line values (PEM keys) are found by their detector from
    /// their first line.
    /// </summary>
    internal const int MaxSplitValueChars = 64;

    /// <summary>Characters at the start of <paramref name="text"/> that may be shown now.</summary>
    public static int SafeLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The unfinished token: everything after the last whitespace.
        int end = text.Length;
        while (end > 0 && !char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        // Earlier value-like tokens may continue into it; walk back over them, as far as a split value can reach.
        int safe = end;
        int limit = Math.Max(0, end - MaxSplitValueChars);
        int position = end;
        while (position > limit)
        {
            int tokenEnd = position;
            while (tokenEnd > 0 && char.IsWhiteSpace(text[tokenEnd - 1]))
            {
                tokenEnd--;
            }

            int tokenStart = tokenEnd;
            while (tokenStart > 0 && !char.IsWhiteSpace(text[tokenStart - 1]))
            {
                tokenStart--;
            }

            if (tokenStart == tokenEnd || !IsValueLike(text.AsSpan(tokenStart, tokenEnd - tokenStart)))
            {
                break;
            }

            safe = tokenStart;
            position = tokenStart;
        }

        return safe;
    }

    /// <summary>
    /// A token that could be one group of a value written in parts: after markup and punctuation around it are
    /// trimmed, letters, digits and separators with a digit among them, upper-case letters only, or 16 characters
    /// and more (a line of key material). Ordinary words ("the", "Hello,") are not.
    /// </summary>
    internal static bool IsValueLike(ReadOnlySpan<char> token)
    {
        var core = token.Trim("*_`\"'()[]{}<>.,;:!?|");
        if (core.IsEmpty)
        {
            return false;
        }

        bool digit = false;
        bool lower = false;
        foreach (char c in core)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lower = true;
            }
            else if (!char.IsAsciiLetterUpper(c) && c is not ('-' or '.' or '/' or '+' or '=' or '(' or ')' or '_'))
            {
                return false;
            }
        }

        return digit || (!lower && core.Length >= 4) || core.Length >= 16;
    }
}
