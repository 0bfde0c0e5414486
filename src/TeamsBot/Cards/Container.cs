using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

public sealed record Container(
    [property: JsonPropertyName("items")] IReadOnlyList<CardElement> Items) : CardElement
{
    /// <summary>default, emphasis, good, attention, warning or accent.</summary>
    [JsonPropertyName("style")]
    public string? Style { get; init; }
}
