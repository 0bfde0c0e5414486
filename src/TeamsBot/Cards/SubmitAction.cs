using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

/// <summary>Sends <see cref="Data"/> back to the bot as the activity's value; <c>verb</c> names the command.</summary>
public sealed record SubmitAction(string Title,
    [property: JsonPropertyName("data")] IReadOnlyDictionary<string, string> Data) : CardAction(Title)
{
    public static SubmitAction ForVerb(string title, string verb) =>
        new(title, new Dictionary<string, string> { [CardVerbs.Key] = verb });
}
