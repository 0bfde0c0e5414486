using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using TeamsBot.History;
using TeamsBot.Receipt;

namespace TeamsBot.Bot;

/// <summary>
/// Reads Teams' <c>message/submitAction</c> invoke, sent when a user clicks like or dislike on an answer:
/// <c>{"actionName":"feedback","actionValue":{"reaction":"like","feedback":"{\"feedbackText\":\"…\"}"}}</c>.
/// </summary>
internal static class FeedbackInvokeReader
{
    public const string InvokeName = "message/submitAction";

    /// <summary>Far above what Teams' feedback box sends; anything bigger is not a real client.</summary>
    internal const int MaxFeedbackChars = 10_000;

    /// <summary>The submission, or null when the value is not a well-formed feedback action.</summary>
    public static AnswerFeedback? Read(IInvokeActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversation = activity.Conversation;
        // The Agents Playground sends no channelData and no replyToId; the tenant is then only on the conversation.
        string tenantId = activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id ?? conversation?.TenantId ?? string.Empty;
        return Read(activity.Value as JToken, conversation?.Id ?? string.Empty,
            string.IsNullOrEmpty(activity.ReplyToId) ? null : activity.ReplyToId, tenantId,
            activity.From?.AadObjectId ?? activity.From?.Id ?? string.Empty);
    }

    internal static AnswerFeedback? Read(JToken? value, string conversationId, string? messageId, string tenantId,
        string userId)
    {
        if (value is not JObject submit || StringOf(submit["actionName"]) != "feedback"
            || submit["actionValue"] is not JObject action)
        {
            return null;
        }

        FeedbackReaction? reaction = StringOf(action["reaction"]) switch
        {
            "like" => FeedbackReaction.Like,
            "dislike" => FeedbackReaction.Dislike,
            _ => null,
        };
        if (reaction is null || !TryReadComment(action["feedback"], out string? comment))
        {
            return null;
        }

        return new AnswerFeedback(conversationId, messageId, tenantId, userId, reaction.Value,
            comment is null ? null : ActivityLimits.CleanText(comment));
    }

    /// <summary>
    /// Teams sends the comment as a JSON string <c>{"feedbackText":"…"}</c>; the Agents Playground sends the plain
    /// text. Both are accepted, and a JSON object too.
    /// </summary>
    private static bool TryReadComment(JToken? feedback, out string? comment)
    {
        comment = null;
        switch (feedback)
        {
            case null or { Type: JTokenType.Null }:
                return true;
            case JObject form:
                return TryReadForm(form, out comment);
            case JValue { Type: JTokenType.String } text:
                string raw = (string)text!;
                if (raw.Length > MaxFeedbackChars)
                {
                    return false;
                }

                if (raw.TrimStart().StartsWith('{') && ParseObject(raw) is { } parsed)
                {
                    return TryReadForm(parsed, out comment);
                }

                comment = raw;
                return true;
            default:
                return false;
        }
    }

    private static bool TryReadForm(JObject form, out string? comment)
    {
        comment = null;
        var text = form["feedbackText"];
        if (text is null || text.Type == JTokenType.Null)
        {
            return true;
        }

        comment = StringOf(text);
        return comment is not null && comment.Length <= MaxFeedbackChars;
    }

    private static JObject? ParseObject(string json)
    {
        try
        {
            return JObject.Parse(json);
        }
        catch (JsonException)
        {
            // Plain text that happens to start with a brace.
            return null;
        }
    }

    private static string? StringOf(JToken? token) =>
        token is JValue { Type: JTokenType.String } value ? (string?)value : null;
}
