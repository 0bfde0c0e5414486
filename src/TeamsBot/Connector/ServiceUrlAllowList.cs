using System.Net;
using Microsoft.Extensions.Options;

namespace TeamsBot.Connector;

/// <summary>
/// The hosts the bot sends its Bot Connector token to. An activity names the URL its answer goes to
/// (<c>serviceUrl</c>); answering an arbitrary one would hand the bot's bearer token, and the user's answer, to
/// whoever wrote the activity.
/// </summary>
internal sealed class ServiceUrlAllowList
{
    /// <summary>
    /// Teams' Bot Connector hosts: public cloud (with its multi-geo and GCC front doors), GCC High and DoD. Other
    /// sovereign clouds are added with <see cref="ConnectorOptions.AllowedServiceUrlHosts"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> TeamsHosts =
    [
        "smba.trafficmanager.net",
        "smba.onyx.prod.teams.trafficmanager.net",
        "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us",
        "smba.infra.dod.teams.microsoft.us",
    ];

    private readonly HashSet<string> _hosts;

    public ServiceUrlAllowList(IOptions<ConnectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hosts = new HashSet<string>(TeamsHosts.Concat(options.Value.AllowedServiceUrlHosts),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True for an absolute https URL (http only on a loopback host) whose host is on the list.</summary>
    public bool Allows(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0
            || !_hosts.Contains(uri.IdnHost))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri));
    }

    /// <summary>A configured host is a bare name or address: no scheme, port, path or wildcard.</summary>
    public static bool IsHostName(string? host) =>
        !string.IsNullOrWhiteSpace(host) && Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4;

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
