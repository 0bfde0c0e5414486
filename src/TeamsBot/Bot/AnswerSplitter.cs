using System.Text;

namespace TeamsBot.Bot;

/// <summary>
/// Cuts an answer too large for one Teams message into parts that fit, at paragraph boundaries where it can (then
/// lines, then words, then anywhere), keeping Markdown code blocks closed in every part.
/// </summary>
internal static class AnswerSplitter
{
    private const string Fence = "```";

    /// <summary>What closing and reopening a code block may add to a part.</summary>
    private const int FenceReserve = 64;

    /// <param name="text">The answer.</param>
    /// <param name="budget">Most characters one part may take once written as a JSON string (see <see cref="WireLength(string)"/>).</param>
    public static IReadOnlyList<string> Split(string text, int budget)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, FenceReserve * 4);
        if (WireLength(text) <= budget)
        {
            return [text];
        }

        int packBudget = budget - FenceReserve;
        var parts = new List<string>();
        var current = new StringBuilder();
        int currentLength = 0;
        foreach (string piece in Pieces(text, packBudget))
        {
            int pieceLength = WireLength(piece);
            if (currentLength > 0 && currentLength + pieceLength > packBudget)
            {
                parts.Add(current.ToString().TrimEnd());
                current.Clear();
                currentLength = 0;
            }

            current.Append(piece);
            currentLength += pieceLength;
        }

        if (currentLength > 0)
        {
            parts.Add(current.ToString().TrimEnd());
        }

        return BalanceFences(parts.Where(p => p.Length > 0).ToList());
    }

    /// <summary>
    /// Characters <paramref name="text"/> takes inside a JSON string as Newtonsoft.Json writes it (the Bot Framework's
    /// serializer), counted in UTF-16 code units like Teams' size limit.
    /// </summary>
    public static int WireLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int length = 0;
        foreach (char c in text)
        {
            length += WireLength(c);
        }

        return length;
    }

    private static int WireLength(char c) => c switch
    {
        '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
        < ' ' or '\u0085' or '\u2028' or '\u2029' => 6,
        _ => 1,
    };

    /// <summary>The text in order, as pieces no longer than the budget, each ending at the best boundary available.</summary>
    private static IEnumerable<string> Pieces(string text, int budget)
    {
        foreach (string paragraph in SplitKeepingSeparator(text, "\n\n"))
        {
            if (WireLength(paragraph) <= budget)
            {
                yield return paragraph;
                continue;
            }

            foreach (string line in SplitKeepingSeparator(paragraph, "\n"))
            {
                if (WireLength(line) <= budget)
                {
                    yield return line;
                    continue;
                }

                foreach (string word in SplitKeepingSeparator(line, " "))
                {
                    if (WireLength(word) <= budget)
                    {
                        yield return word;
                        continue;
                    }

                    foreach (string chunk in HardCut(word, budget))
                    {
                        yield return chunk;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> SplitKeepingSeparator(string text, string separator)
    {
        int start = 0;
        while (start < text.Length)
        {
            int at = text.IndexOf(separator, start, StringComparison.Ordinal);
            int end = at < 0 ? text.Length : at + separator.Length;
            yield return text[start..end];
            start = end;
        }
    }

    /// <summary>A run without any boundary (a long token, a base64 blob): cut anywhere but inside a surrogate pair.</summary>
    private static IEnumerable<string> HardCut(string text, int budget)
    {
        int start = 0;
        while (start < text.Length)
        {
            int end = start;
            int length = 0;
            while (end < text.Length && length + WireLength(text[end]) <= budget)
            {
                length += WireLength(text[end]);
                end++;
            }

            if (end < text.Length && end > start && char.IsHighSurrogate(text[end - 1]))
            {
                end--;
            }

            yield return text[start..end];
            start = end;
        }
    }

    /// <summary>The fence line of the code block <paramref name="text"/> ends inside, or null when it ends outside any.</summary>
    public static string? OpenFenceAt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? open = null;
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith(Fence, StringComparison.Ordinal))
            {
                open = open is null ? FenceLine(trimmed) : null;
            }
        }

        return open;
    }

    /// <summary>A part ending inside a code block closes it, and the next part reopens it with the same fence line.</summary>
    private static List<string> BalanceFences(List<string> parts)
    {
        string? openFence = null;
        for (int i = 0; i < parts.Count; i++)
        {
            string part = openFence is null ? parts[i] : openFence + "\n" + parts[i];
            openFence = OpenFenceAt(part);
            parts[i] = openFence is null ? part : part + "\n" + Fence;
        }

        return parts;
    }

    /// <summary>The opening fence with its language tag, cut short so reopening stays within the reserve.</summary>
    private static string FenceLine(string line) => line.Length <= FenceReserve / 2 ? line.TrimEnd() : Fence;
}
