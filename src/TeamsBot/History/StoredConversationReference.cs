using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamsBot.History;

/// <summary>
/// Reads and trims the stored Bot Framework conversation reference (<see cref="ConversationRecord.ReferenceJson"/>)
/// without the Bot Framework types, which belong to Bot/. The reference names the person whose message was stored
/// last: <c>user</c> holds their Teams id, display name and Entra object id, <c>activityId</c> that message's id.
/// </summary>
internal static class StoredConversationReference
{
    /// <summary>
    /// Whether the reference's user is <paramref name="userId"/>, by Entra object id or Teams id. A reference that
    /// cannot be read counts as naming them, so forgetting errs on the side of removing it.
    /// </summary>
    public static bool NamesUser(string referenceJson, string userId)
    {
        try
        {
            return JsonNode.Parse(referenceJson) is not JsonObject reference
                || reference["user"] is JsonObject user
                    && (IsString(user["aadObjectId"], userId) || IsString(user["id"], userId));
        }
        catch (JsonException)
        {
            return true;
        }
    }

    /// <summary>
    /// The reference without its user and their message id. The bot still reaches the conversation with it: a
    /// proactive answer needs the conversation, the bot and the service URL, and takes its reply-to id from the turn.
    /// </summary>
    public static string WithoutUser(string referenceJson)
    {
        JsonObject reference;
        try
        {
            reference = JsonNode.Parse(referenceJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            reference = [];
        }

        reference.Remove("user");
        reference.Remove("activityId");
        return reference.ToJsonString();
    }

    private static bool IsString(JsonNode? node, string expected) =>
        node is JsonValue value && value.TryGetValue(out string? text) && string.Equals(text, expected, StringComparison.Ordinal);
}
