using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

public sealed record MentionedUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name);
