using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

/// <summary>
/// The small subset of Adaptive Cards 1.5 that Teams renders for bot messages and that our cards use. Serialised
/// with System.Text.Json; the AdaptiveCards package is not available to us.
/// </summary>
public sealed record AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    [JsonPropertyName("type")]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    [JsonPropertyName("version")]
    public string Version => "1.5";

    [JsonPropertyName("body")]
    public required IReadOnlyList<CardElement> Body { get; init; }

    [JsonPropertyName("actions")]
    public IReadOnlyList<CardAction>? Actions { get; init; }

    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; init; }
}
