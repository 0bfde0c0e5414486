using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
public abstract record CardAction(
    [property: JsonPropertyName("title")] string Title);
