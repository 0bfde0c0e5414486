using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

public sealed record ActionSet(
    [property: JsonPropertyName("actions")] IReadOnlyList<CardAction> Actions) : CardElement;
