using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
public abstract record CardElement
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("spacing")]
    public string? Spacing { get; init; }

    [JsonPropertyName("separator")]
    public bool? Separator { get; init; }
}
