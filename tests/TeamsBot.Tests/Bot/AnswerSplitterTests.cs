using System.Text;
using TeamsBot.Bot;

namespace TeamsBot.Tests.Bot;

public sealed class AnswerSplitterTests
{
    private const int Budget = 2_000;

    [Fact]
    public void Split_AnswerThatFits_IsOnePartUnchanged()
    {
        string answer = "Short answer.\n\nWith two paragraphs.";

        Assert.Equal([answer], AnswerSplitter.Split(answer, Budget));
    }

    [Fact]
    public void Split_ManyParagraphs_CutsOnlyBetweenParagraphsAndLosesNothing()
    {
        var paragraphs = Enumerable.Range(1, 60).Select(i => $"Paragraph {i}: " + new string('x', 90)).ToArray();
        string answer = string.Join("\n\n", paragraphs);

        var parts = AnswerSplitter.Split(answer, Budget);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(AnswerSplitter.WireLength(p) <= Budget));
        // Every part is whole paragraphs: splitting it again at blank lines gives only known paragraphs.
        Assert.Equal(paragraphs, parts.SelectMany(p => p.Split("\n\n")).ToArray());
    }

    [Fact]
    public void Split_OneHugeLineWithoutSpaces_CutsAnywhereButInsideASurrogatePair()
    {
        string answer = string.Concat(Enumerable.Repeat("😀", 3_000));

        var parts = AnswerSplitter.Split(answer, Budget);

        Assert.True(parts.Count >= 3);
        Assert.All(parts, p =>
        {
            Assert.True(AnswerSplitter.WireLength(p) <= Budget);
            Assert.False(char.IsLowSurrogate(p[0]));
            Assert.False(char.IsHighSurrogate(p[^1]));
        });
        Assert.Equal(answer, string.Concat(parts));
    }

    [Fact]
    public void Split_TextThatJsonEscapes_MeasuresTheEscapedSize()
    {
        // Quotes and backslashes take two characters on the wire: 1,500 of them do not fit a 2,000 budget.
        string answer = new string('"', 750) + " " + new string('\\', 750);

        var parts = AnswerSplitter.Split(answer, Budget);

        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.True(AnswerSplitter.WireLength(p) <= Budget));
    }

    [Fact]
    public void Split_CutInsideCodeBlock_ClosesAndReopensTheBlockWithItsLanguage()
    {
        var code = new StringBuilder("Here is the script:\n\n```python\n");
        for (int i = 0; i < 120; i++)
        {
            code.Append(CultureInvariant($"print('line {i}')\n"));
        }

        code.Append("```\n\nThat is all.");

        var parts = AnswerSplitter.Split(code.ToString(), Budget);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.Null(AnswerSplitter.OpenFenceAt(p)));
        Assert.All(parts.Skip(1).SkipLast(1), p => Assert.StartsWith("```python\n", p, StringComparison.Ordinal));
        Assert.EndsWith("That is all.", parts[^1], StringComparison.Ordinal);
        Assert.All(parts, p => Assert.True(AnswerSplitter.WireLength(p) <= Budget));
    }

    [Theory]
    [InlineData("plain", 5)]
    [InlineData("a\"b", 4)]
    [InlineData("line\nbreak", 11)]
    [InlineData("\u0001", 6)]
    [InlineData("é😀", 3)]
    public void WireLength_CountsJsonEscapesAndUtf16Units(string text, int expected)
    {
        Assert.Equal(expected, AnswerSplitter.WireLength(text));
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
