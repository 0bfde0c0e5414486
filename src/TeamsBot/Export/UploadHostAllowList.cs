using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Export;

/// <summary>
/// The hosts an export may be uploaded to. The upload URL arrives in the user's accept, which anyone who can post an
/// invoke can write; without this list the bot could be made to send someone's data anywhere.
/// </summary>
internal sealed class UploadHostAllowList(IOptionsMonitor<ExportOptions> options)
{
    /// <summary>Same rule as downloads (<see cref="DownloadHostAllowList"/>), against <c>Export:AllowedUploadHosts</c>.</summary>
    public bool Allows(Uri? url)
    {
        var configured = options.CurrentValue.AllowedUploadHosts;
        return DownloadHostAllowList.Allows(url, configured.Length > 0 ? configured : KnowledgeOptions.MicrosoftFileHosts);
    }
}
