using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Extraction;

namespace TeamsBot.Tests.Knowledge;

public sealed class TextChunkerTests
{
    [Fact]
    public void Chunk_LongSection_EveryPassageKeepsHeadingAndPage()
    {
        string paragraph = string.Join(" ", Enumerable.Repeat("The badge office is on floor two.", 10));
        var section = new TextSection("Security", 7, string.Join("\n\n", Enumerable.Repeat(paragraph, 6)));

        var chunks = TextChunker.Chunk([section], 800);

        Assert.True(chunks.Count >= 3);
        Assert.All(chunks, c => Assert.Equal(("Security", (int?)7), (c.Heading, c.Page)));
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 800));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
        // Cut at paragraphs (or sentences), never in a word.
        Assert.All(chunks, c => Assert.EndsWith("floor two.", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Chunk_TwoSections_NeverMerged()
    {
        var chunks = TextChunker.Chunk([new TextSection("A", 1, "one"), new TextSection("B", 2, "two")], 800);

        Assert.Equal([("A", "one"), ("B", "two")], chunks.Select(c => (c.Heading, c.Text)));
    }

    [Fact]
    public void Chunk_NoBreakAnywhere_HardCutWithoutSplittingASurrogatePair()
    {
        string text = string.Concat(Enumerable.Repeat("\U0001F600", 300));

        var chunks = TextChunker.Chunk([new TextSection(null, null, text)], 101);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Text[^1])));
    }
}
