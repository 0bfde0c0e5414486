using System.Buffers;

namespace TeamsBot.Dlp.Detectors;

/// <summary>Small boundary helpers shared by detectors (ASCII only: the text is already normalised).</summary>
internal static class DetectorText
{
    public static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    public static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>True when the character before <paramref name="index"/> is absent or not a word character.</summary>
    public static bool WordBoundaryBefore(string text, int index) => index == 0 || !IsWordChar(text[index - 1]);

    /// <summary>True when the character at <paramref name="index"/> is absent or not a word character.</summary>
    public static bool WordBoundaryAt(string text, int index) => index >= text.Length || !IsWordChar(text[index]);

    /// <summary>
    /// Values that are clearly not real credentials: template variables and masks such as "${DB_PASSWORD}",
    /// "&lt;your-key&gt;", "****", "xxxx", or one of our own placeholders like "[PASSWORD_1]".
    /// </summary>
    public static bool IsPlaceholderValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return true;
        }

        if (value[0] is '<' or '{' or '$' or '%' or '[')
        {
            return true;
        }

        return value.IndexOfAnyExcept('*') < 0
            || value.IndexOfAnyExcept('x', 'X') < 0
            || value.IndexOfAnyExcept('.') < 0;
    }
}
