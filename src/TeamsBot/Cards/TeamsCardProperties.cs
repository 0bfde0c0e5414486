using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

/// <summary>The card's <c>msteams</c> property: full width, and the mention entities a card's text refers to.</summary>
public sealed record TeamsCardProperties
{
    [JsonPropertyName("width")]
    public string Width { get; init; } = "Full";

    [JsonPropertyName("entities")]
    public IReadOnlyList<CardMention>? Entities { get; init; }
}
