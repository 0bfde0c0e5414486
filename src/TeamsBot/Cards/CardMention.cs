using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

/// <summary>A Teams mention inside a card: the text <c>&lt;at&gt;Name&lt;/at&gt;</c> plus this entity.</summary>
public sealed record CardMention(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("mentioned")] MentionedUser Mentioned)
{
    [JsonPropertyName("type")]
    public string Type => "mention";
}
