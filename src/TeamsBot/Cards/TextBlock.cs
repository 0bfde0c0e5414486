using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

/// <summary>Text with Teams' markdown subset; wraps by default so long answers are never cut.</summary>
public sealed record TextBlock(
    [property: JsonPropertyName("text")] string Text) : CardElement
{
    [JsonPropertyName("wrap")]
    public bool Wrap { get; init; } = true;

    [JsonPropertyName("size")]
    public string? Size { get; init; }

    [JsonPropertyName("weight")]
    public string? Weight { get; init; }

    [JsonPropertyName("color")]
    public string? Color { get; init; }

    [JsonPropertyName("isSubtle")]
    public bool? IsSubtle { get; init; }
}
