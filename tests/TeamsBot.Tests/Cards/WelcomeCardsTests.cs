using TeamsBot.Cards;
using TeamsBot.History;

namespace TeamsBot.Tests.Cards;

public sealed class WelcomeCardsTests
{
    [Theory]
    [InlineData("Contoso GPT", "Welcome to Contoso GPT")]
    [InlineData(null, "Welcome to TeamsBot")]
    [InlineData("  ", "Welcome to TeamsBot")]
    [InlineData("Line\nbreak", "Welcome to Linebreak")]
    public void Title_BotNameFromTheEvent_OrTheDefault(string? name, string expected)
    {
        Assert.Equal(expected, WelcomeCards.Title(name));
    }

    [Fact]
    public void Title_VeryLongName_Capped()
    {
        Assert.Equal("Welcome to ".Length + 80, WelcomeCards.Title(new string('n', 500)).Length);
    }

    [Fact]
    public void For_Channel_ShortWithoutTheCommandTable()
    {
        string channel = CardJson.Serialize(WelcomeCards.For("TeamsBot", ConversationScope.Channel, null));
        string personal = CardJson.Serialize(WelcomeCards.For("TeamsBot", ConversationScope.Personal, null));

        Assert.DoesNotContain("FactSet", channel, StringComparison.Ordinal);
        Assert.Contains("FactSet", personal, StringComparison.Ordinal);
        Assert.True(channel.Length * 2 < personal.Length, $"channel card {channel.Length} chars, personal {personal.Length}");
    }

    [Fact]
    public void For_NoPolicyUrl_NoActions()
    {
        Assert.Null(WelcomeCards.For("TeamsBot", ConversationScope.Personal, null).Actions);
    }
}
