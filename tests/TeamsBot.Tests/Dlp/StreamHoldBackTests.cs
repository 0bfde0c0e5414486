using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

public sealed class StreamHoldBackTests
{
    [Theory]
    [InlineData("Hello wor", "Hello ")]
    [InlineData("Hello world ", "Hello world ")]
    [InlineData("Hello world\n", "Hello world\n")]
    [InlineData("unfinished", "")]
    [InlineData("", "")]
    public void SafeLength_OrdinaryWords_OnlyTheUnfinishedTokenHeldBack(string text, string shown)
    {
        Assert.Equal(shown, text[..StreamHoldBack.SafeLength(text)]);
    }

    [Theory]
    [InlineData("Your card is 4012 8888 ", "Your card is ")]
    [InlineData("Your card is 4012 8888 88", "Your card is ")]
    [InlineData("Card:\n4012 8888\n8888 18", "Card:\n")]
    [InlineData("the IBAN is DE89 3704 0044 05", "the IBAN is ")]
    [InlineData("the iban de89 3704 0044 05", "the iban ")]
    [InlineData("Call +44 20 7946 09", "Call ")]
    [InlineData("key **AKIA IOSF ODNN", "key ")]
    public void SafeLength_ValueWrittenInGroups_WholeRunHeldBack(string text, string shown)
    {
        Assert.Equal(shown, text[..StreamHoldBack.SafeLength(text)]);
    }

    [Fact]
    public void SafeLength_LongRunOfNumbers_HoldsBackNoMoreThanAnyGroupedValueNeeds()
    {
        string text = "Totals: " + string.Join(" ", Enumerable.Range(1000, 40)) + " 10";

        int safe = StreamHoldBack.SafeLength(text);

        Assert.InRange(text.Length - safe, StreamHoldBack.MaxSplitValueChars, StreamHoldBack.MaxSplitValueChars + 10);
        Assert.True(safe == 0 || char.IsWhiteSpace(text[safe - 1]), "The cut falls between tokens.");
    }

    [Theory]
    [InlineData("4012", true)]
    [InlineData("8888,", true)]
    [InlineData("(020)", true)]
    [InlineData("de89", true)]
    [InlineData("IOSF", true)]
    [InlineData("**AKIA", true)]
    [InlineData("123-45-6789", true)]
    [InlineData("word1", true)]
    [InlineData("qwErTyuIopAsdfGh", true)]
    [InlineData("Hello,", false)]
    [InlineData("the", false)]
    [InlineData("API", false)]
    [InlineData("[EMAIL_1]", true)]
    [InlineData("ann@contoso.com", false)]
    [InlineData("—", false)]
    public void IsValueLike_Token_ReportsWhetherItCouldBeOneGroupOfAValue(string token, bool expected)
    {
        Assert.Equal(expected, StreamHoldBack.IsValueLike(token));
    }
}
