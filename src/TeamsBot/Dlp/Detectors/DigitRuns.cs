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
    /// where up to <paramref name="maxJoiners"/> consecutive <paramref name="joiners"/> may sit between digits.
    /// </summary>
    public static bool TryNext(
        string text,
        ref int position,
        int minDigits,
        SearchValues<char> joiners,
        int maxJoiners,
        out int start,
        out int end)
    {
        while (position < text.Length)
        {
            int offset = text.AsSpan(position).IndexOfAnyInRange('0', '9');
            if (offset < 0)
            {
                break;
            }

            start = position + offset;
            int digits = 0;
            int i = start;
            end = start;
            while (i < text.Length)
            {
                if (char.IsAsciiDigit(text[i]))
                {
                    digits++;
                    i++;
                    end = i;
                    continue;
                }

                int joined = 0;
                while (i + joined < text.Length && joined < maxJoiners && joiners.Contains(text[i + joined]))
                {
                    joined++;
                }

                if (joined == 0 || i + joined >= text.Length || !char.IsAsciiDigit(text[i + joined]))
                {
                    break;
                }

                i += joined;
            }

            position = Math.Max(end, start + 1);
            if (digits >= minDigits)
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
