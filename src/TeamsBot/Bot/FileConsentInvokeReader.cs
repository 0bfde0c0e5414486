using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using TeamsBot.Export;

namespace TeamsBot.Bot;

/// <summary>
/// Reads Teams' <c>fileConsent/invoke</c>, sent when the user clicks Allow or Decline on a file consent card:
/// <c>{"type":"fileUpload","action":"accept","context":{…},"uploadInfo":{"name","uploadUrl","contentUrl","uniqueId","fileType"}}</c>.
/// The sender is taken from the activity (which the channel's token vouches for), never from the context.
/// </summary>
internal static class FileConsentInvokeReader
{
    public static FileConsentAnswer Read(IInvokeActivity activity, FileConsentCardResponse response)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(response);
        string tenantId = activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id
            ?? activity.Conversation?.TenantId ?? string.Empty;
        string userId = activity.From?.AadObjectId ?? activity.From?.Id ?? string.Empty;
        var upload = response.UploadInfo;
        return new FileConsentAnswer(
            string.Equals(response.Action, "accept", StringComparison.Ordinal),
            tenantId,
            userId,
            TokenOf(response.Context),
            Uri.TryCreate(upload?.UploadUrl, UriKind.Absolute, out var url) ? url : null,
            upload?.Name,
            upload?.ContentUrl,
            upload?.UniqueId,
            upload?.FileType);
    }

    private static string? TokenOf(object? context) =>
        context is JObject values && values[ExportConsentToken.ContextKey] is JValue { Type: JTokenType.String } token
            ? (string?)token
            : null;
}
