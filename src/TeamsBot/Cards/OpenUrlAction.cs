using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

public sealed record OpenUrlAction(string Title,
    [property: JsonPropertyName("url")] Uri Url) : CardAction(Title);
