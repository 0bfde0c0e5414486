using System.Buffers;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Cheap prefilter for the numeric detectors: finds runs of digits joined by a few separator characters with a
/// vectorised search, so their regexes only run on the few windows that hold enough digits. Prose has digits
/// ("at 22:00", "version 4.2.1") but rarely 8+ in one run.
/// </summary>
internal static class DigitRuns
{
    /// <summary>
    /// Finds the next run at or after <paramref name="position"/> with at least <paramref name="minDigits"/> digits,
    /// where up to <paramref name="maxJoiners"/> consecutive <paramref name="joiners"/> may sit between digits, and
    /// at least <paramref name="minJoins"/> such joins (an IPv4 address has three: a year alone is no candidate).
    /// </summary>
    public static bool TryNext(
        string text,
        ref int position,
        int minDigits,
        SearchValues<char> joiners,
        int maxJoiners,
        out int start,
        out int end,
        int minJoins = 0)
    {
        var span = text.AsSpan();
        while (position < span.Length)
        {
            int offset = span[position..].IndexOfAnyInRange('0', '9');
            if (offset < 0)
            {
                break;
            }

            start = position + offset;
            int digits = 0;
            int joins = 0;
            int i = start;
            while (true)
            {
                // A run of digits at once, then the joiners (if any) that lead to more digits.
                int length = span[i..].IndexOfAnyExceptInRange('0', '9');
                length = length < 0 ? span.Length - i : length;
                digits += length;
                i += length;
                int joined = 0;
                while (i + joined < span.Length && joined < maxJoiners && joiners.Contains(span[i + joined]))
                {
                    joined++;
                }

                if (joined == 0 || i + joined >= span.Length || !char.IsAsciiDigit(span[i + joined]))
                {
                    break;
                }

                i += joined;
                joins++;
            }

            end = i;
            position = Math.Max(end, start + 1);
            if (digits >= minDigits && joins >= minJoins)
            {
                return true;
            }
        }

        start = end = 0;
        position = text.Length;
        return false;
    }

    /// <summary>The run widened by a few characters each side, so lookarounds see its neighbours.</summary>
    public static (int Start, int Length) Window(string text, int start, int end, int before, int after)
    {
        int windowStart = Math.Max(0, start - before);
        int windowEnd = Math.Min(text.Length, end + after);
        return (windowStart, windowEnd - windowStart);
    }
}
