using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

public sealed record Fact(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("value")] string Value);
