using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

/// <summary>A Teams mention inside a card: the text <c>&lt;at&gt;Name&lt;/at&gt;</c> plus this entity.</summary>
public sealed record CardMention(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("mentioned")] MentionedUser Mentioned)
{
    [JsonPropertyName("type")]
    public string Type => "mention";

    /// <summary>A mention of a person by id (Teams or Entra object id) and display name.</summary>
    public static CardMention Of(string id, string name)
    {
        // Angle brackets would end the <at> tag early and break the mention's rendering.
        string safeName = name.Replace("<", string.Empty, StringComparison.Ordinal)
            .Replace(">", string.Empty, StringComparison.Ordinal).Trim();
        return new CardMention($"<at>{safeName}</at>", new MentionedUser(id, safeName));
    }
}
