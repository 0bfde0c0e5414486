using System.Buffers;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Reads a fixed-alphabet token that may have been split by spaces or line breaks ("AKIA ABCD EFGH …", a key
/// wrapped over two lines) so that a pattern on the joined text would miss it. Invisible characters are
/// already gone (see <see cref="TextNormaliser"/>).
/// </summary>
internal static class SplitToken
{
    /// <summary>Most gaps accepted inside one token, and most whitespace characters in one gap ("\r\n" plus an indent).</summary>
    public const int MaxGaps = 12;
    private const int MaxGapChars = 4;

    /// <summary>
    /// Reads at least <paramref name="minChars"/> (at most <paramref name="maxChars"/>) token characters from
    /// <paramref name="start"/>, stepping over short whitespace gaps between chunks of at least
    /// <paramref name="minChunk"/> characters. Returns the end index (exclusive) and the number of gaps, or -1
    /// when the token is too short or runs on into a longer word.
    /// </summary>
    public static int Read(
        ReadOnlySpan<char> text, int start, int minChars, int maxChars, int minChunk, SearchValues<char> tokenChars, out int gaps)
    {
        gaps = 0;
        int taken = 0;
        int chunk = 0;
        int i = start;
        int end = start;
        while (i < text.Length && taken < maxChars)
        {
            if (tokenChars.Contains(text[i]))
            {
                taken++;
                chunk++;
                i++;
                end = i;
                continue;
            }

            // A gap may follow only a full chunk (or the prefix) and must lead to more token characters.
            int gap = 0;
            while (i + gap < text.Length && gap < MaxGapChars && text[i + gap] is ' ' or '\t' or '\r' or '\n')
            {
                gap++;
            }

            // The prefix before start counts as a chunk ("AKIA ABCD EFGH …").
            if (gap == 0 || taken >= minChars || (taken > 0 && chunk < minChunk) || gaps == MaxGaps
                || i + gap >= text.Length || !tokenChars.Contains(text[i + gap]))
            {
                break;
            }

            gaps++;
            chunk = 0;
            i += gap;
        }

        // The last chunk must be complete: no token character may follow directly.
        if (taken < minChars || (end < text.Length && tokenChars.Contains(text[end])))
        {
            return -1;
        }

        return end;
    }
}
