using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

public sealed record FactSet(
    [property: JsonPropertyName("facts")] IReadOnlyList<Fact> Facts) : CardElement;
