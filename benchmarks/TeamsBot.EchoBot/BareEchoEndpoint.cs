using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamsBot.EchoBot;

/// <summary>
/// The echo without the Bot Framework: parse the activity, reply to it at its serviceUrl, answer 200. The floor the
/// load generator and the doubles are measured against.
/// </summary>
internal sealed class BareEchoEndpoint(HttpClient http)
{
    public async Task HandleAsync(HttpContext context)
    {
        var activity = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (activity is not JsonObject inbound || (string?)inbound["type"] != "message")
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        string serviceUrl = ((string?)inbound["serviceUrl"] ?? string.Empty).TrimEnd('/');
        string conversationId = (string?)inbound["conversation"]?["id"] ?? string.Empty;
        string activityId = (string?)inbound["id"] ?? string.Empty;
        var reply = new JsonObject
        {
            ["type"] = "message",
            ["text"] = "Echo: " + (string?)inbound["text"],
            ["replyToId"] = activityId,
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = inbound["recipient"]?.DeepClone(),
            ["recipient"] = inbound["from"]?.DeepClone(),
        };
        var target = new Uri(serviceUrl + "/v3/conversations/" + Uri.EscapeDataString(conversationId)
            + "/activities/" + Uri.EscapeDataString(activityId));
        using var content = new StringContent(reply.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(target, content, context.RequestAborted);
        context.Response.StatusCode = response.IsSuccessStatusCode
            ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway;
        await context.Response.WriteAsync(
            JsonSerializer.Serialize(new { id = activityId }), context.RequestAborted);
    }
}
