using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>One request the bot made to <see cref="ConnectorDouble"/>, with what the double answered.</summary>
public sealed record ConnectorRequest
{
    public required ConnectorOperation Operation { get; init; }

    public required string Method { get; init; }

    /// <summary>The request target exactly as sent (still percent-encoded).</summary>
    public required string RawTarget { get; init; }

    /// <summary>Percent-decoded conversation id (may contain <c>;messageid=</c>).</summary>
    public string? ConversationId { get; init; }

    /// <summary>Percent-decoded activity id from the route (reply-to id, or the updated/deleted id).</summary>
    public string? ActivityId { get; init; }

    /// <summary>Percent-decoded member id for member look-ups.</summary>
    public string? MemberId { get; init; }

    public string? Authorization { get; init; }

    public string Body { get; init; } = string.Empty;

    /// <summary>The JSON body when it is an object (the activity for sends, replies and updates).</summary>
    public JsonObject? Activity { get; init; }

    public int ResponseStatus { get; init; }

    /// <summary>The id the double assigned (sends, replies) or echoed (updates).</summary>
    public string? ResponseId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public bool Succeeded => ResponseStatus is >= 200 and < 300;

    public bool IsActivityWrite => Operation is ConnectorOperation.SendToConversation
        or ConnectorOperation.ReplyToActivity or ConnectorOperation.UpdateActivity;

    public string? ActivityType => (string?)Activity?["type"];

    public string? Text => (string?)Activity?["text"];

    /// <summary>Contents of attachments with content type <c>application/vnd.microsoft.card.adaptive</c>.</summary>
    public IReadOnlyList<JsonObject> AdaptiveCards =>
        (Activity?["attachments"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(a => (string?)a["contentType"] == "application/vnd.microsoft.card.adaptive")
            .Select(a => a["content"] as JsonObject ?? (a["content"] is JsonValue v && v.TryGetValue(out string? s)
                ? JsonNode.Parse(s)?.AsObject() : null))
            .OfType<JsonObject>()
            .ToArray();

    /// <summary>The <c>streaminfo</c> entity (Teams streaming), if any.</summary>
    public JsonObject? StreamInfo =>
        (Activity?["entities"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["type"] == "streaminfo");

    /// <summary><c>informative</c>, <c>streaming</c> or <c>final</c>; null when not part of a stream.</summary>
    public string? StreamType => (string?)StreamInfo?["streamType"];
}
