using TeamsBot.Knowledge.Extraction;

namespace TeamsBot.Knowledge;

/// <summary>
/// Cuts sections into passages of at most a given length. A passage never spans two sections, so its heading and page
/// are exact; inside a section it breaks at a paragraph, else a line, else a sentence, else a space.
/// </summary>
internal static class TextChunker
{
    public static List<TextChunk> Chunk(IEnumerable<TextSection> sections, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 50);
        var chunks = new List<TextChunk>();
        foreach (var section in sections)
        {
            string rest = section.Text.Trim();
            while (rest.Length > 0)
            {
                int cut = rest.Length <= maxChars ? rest.Length : BreakBefore(rest, maxChars);
                string piece = rest[..cut].Trim();
                if (piece.Length > 0)
                {
                    chunks.Add(new TextChunk(chunks.Count, section.Heading, section.Page, piece));
                }

                rest = rest[cut..].TrimStart();
            }
        }

        return chunks;
    }

    /// <summary>Where to end a passage of a longer text: the last good break in its second half, else the limit.</summary>
    private static int BreakBefore(string text, int maxChars)
    {
        var window = text.AsSpan(0, maxChars);
        int half = maxChars / 2;
        foreach (string separator in (string[])["\n\n", "\n", ". ", "? ", "! ", "; ", " "])
        {
            int at = window.LastIndexOf(separator, StringComparison.Ordinal);
            if (at >= half)
            {
                return at + separator.Length;
            }
        }

        // Never split a surrogate pair.
        return char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
    }
}
