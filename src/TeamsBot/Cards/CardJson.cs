using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeamsBot.Cards;

public static class CardJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(AdaptiveCard card) => JsonSerializer.Serialize(card, Options);
}
