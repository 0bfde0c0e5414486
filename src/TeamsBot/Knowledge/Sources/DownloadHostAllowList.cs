using System.Net;
using Microsoft.Extensions.Options;

namespace TeamsBot.Knowledge.Sources;

/// <summary>
/// The hosts files are downloaded from. A download link arrives in a user's activity; without this list, anyone who
/// can post an activity could make the bot fetch an internal URL (SSRF) and store the answer as the user's file.
/// </summary>
internal sealed class DownloadHostAllowList(IOptionsMonitor<KnowledgeOptions> options)
{
    /// <summary>
    /// True for an absolute https URL without user info whose host is a listed name or one of its subdomains; plain
    /// http only for a loopback host that is listed itself (a test server).
    /// </summary>
    public bool Allows(Uri? url)
    {
        var configured = options.CurrentValue.AllowedDownloadHosts;
        return Allows(url, configured.Length > 0 ? configured : KnowledgeOptions.MicrosoftFileHosts);
    }

    /// <summary>The same rule against any list of hosts (the export's uploads use their own).</summary>
    public static bool Allows(Uri? url, IReadOnlyList<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (url is null || !url.IsAbsoluteUri || url.UserInfo.Length > 0)
        {
            return false;
        }

        string host = url.IdnHost;
        if (url.Scheme == Uri.UriSchemeHttp)
        {
            return IsLoopback(url) && hosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));
        }

        return url.Scheme == Uri.UriSchemeHttps && hosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A configured host is a bare DNS name or address: no scheme, port, path or wildcard.</summary>
    public static bool IsHostName(string? host) =>
        !string.IsNullOrWhiteSpace(host) && Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4;

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
