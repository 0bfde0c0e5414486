using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsBot.Knowledge;

namespace TeamsBot.Bot;

/// <summary>Reads the files Teams attached to a personal-chat message (<see cref="ContentType"/>).</summary>
internal static class FileAttachmentReader
{
    public const string ContentType = "application/vnd.microsoft.teams.file.download.info";

    public static IReadOnlyList<ReceivedFile> Read(IMessageActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var files = new List<ReceivedFile>();
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (!string.Equals(attachment?.ContentType, ContentType, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var content = attachment!.Content as JObject ?? (attachment.Content is { } other ? JObject.FromObject(other) : null);
            string? link = content?.Value<string>("downloadUrl");
            files.Add(new ReceivedFile(
                attachment.Name ?? string.Empty,
                content?.Value<string>("fileType"),
                content?.Value<string>("uniqueId"),
                Uri.TryCreate(link, UriKind.Absolute, out var url) ? url : null));
        }

        return files;
    }
}
