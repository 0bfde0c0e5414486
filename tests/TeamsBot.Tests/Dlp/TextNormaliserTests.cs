using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

public sealed class TextNormaliserTests
{
    [Fact]
    public void Normalise_PlainAscii_ReturnsSameInstance()
    {
        const string text = "Nothing to see here: 42.";
        Assert.Same(text, TextNormaliser.Normalise(text));
    }

    [Fact]
    public void Normalise_AccentsQuotesAndDashes_ReturnsSameInstance()
    {
        // Ordinary non-ASCII prose has no ASCII compatibility form and must reach the model as written.
        const string text = "Café with Müller — it’s “fine”, ½ done, Ω";
        Assert.Same(text, TextNormaliser.Normalise(text));
    }

    [Fact]
    public void Normalise_FullWidthDigitsAndLetters_FoldsToAscii() =>
        Assert.Equal("4012 8888 joe@example.com", TextNormaliser.Normalise("４０１２\u3000８８８８ ｊｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"));

    [Fact]
    public void Normalise_MathematicalAndCircledDigits_FoldsToAscii() =>
        Assert.Equal("4012 10 x2", TextNormaliser.Normalise("\U0001D7D2\U0001D7CE\U0001D7CF\U0001D7D0 ⑩ x²"));

    [Theory]
    [InlineData('\u200B')]
    [InlineData('\u200C')]
    [InlineData('\u200D')]
    [InlineData('\u200E')]
    [InlineData('\u200F')]
    [InlineData('\u2060')]
    [InlineData('\uFEFF')]
    [InlineData('\u202A')]
    [InlineData('\u202B')]
    [InlineData('\u202C')]
    [InlineData('\u202D')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2067')]
    [InlineData('\u2068')]
    [InlineData('\u2069')]
    [InlineData('\u00AD')]
    public void Normalise_InvisibleCharacter_Removed(char invisible) =>
        Assert.Equal("joe@example.com", TextNormaliser.Normalise($"jo{invisible}e@exa{invisible}mple.com"));

    [Fact]
    public void Normalise_UnicodeTagCharacters_Removed() =>
        Assert.Equal("hi", TextNormaliser.Normalise("h\U000E0041\U000E0042i"));

    [Fact]
    public void Normalise_NoBreakAndThinSpaces_BecomeSpaces() =>
        Assert.Equal("4012 8888 8888 1881", TextNormaliser.Normalise("4012\u00A08888\u20098888\u202F1881"));

    [Fact]
    public void Normalise_LoneSurrogate_Kept() =>
        Assert.Equal("a\uD800b", TextNormaliser.Normalise("a\uD800b"));

    [Fact]
    public void Normalise_CyrillicAndGreekLookAlikesInsideAsciiWord_FoldToLatin() =>
        Assert.Equal("AKIA1234 ghp_ab", TextNormaliser.Normalise("\u0410\u041A\u0406\u0391" + "1234 gh\u0440_\u0430b"));

    [Fact]
    public void Normalise_CyrillicAndGreekProse_ReturnsSameInstance()
    {
        // Words with no ASCII letter or digit are real Russian or Greek, not a disguised key.
        const string text = "Москва — столица, встреча в 10:00. Ελληνικά: ΑΚΙΑ και Κ.";
        Assert.Same(text, TextNormaliser.Normalise(text));
    }
}
