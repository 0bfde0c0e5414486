using System.Collections.Concurrent;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace TeamsBot.Graph;

/// <summary>
/// One Graph client per tenant, made on first use. Nothing here names a Microsoft.Graph type outside
/// <see cref="For"/>, so that the 40 MB assembly is loaded only when a group rule, a collection or a report first
/// reads the directory, and not into every bot that never does.
/// </summary>
internal sealed class GraphClients(Func<string, IAuthenticationProvider> authentication, Uri baseUrl,
    HttpClient? http = null)
{
    private ConcurrentDictionary<string, GraphServiceClient>? _clients;

    public GraphServiceClient For(string tenantId)
    {
        var clients = LazyInitializer.EnsureInitialized(ref _clients,
            () => new ConcurrentDictionary<string, GraphServiceClient>(StringComparer.OrdinalIgnoreCase));
        return clients.GetOrAdd(tenantId, t => http is null
            ? new GraphServiceClient(authentication(t), baseUrl.ToString().TrimEnd('/'))
            : new GraphServiceClient(http, authentication(t), baseUrl.ToString().TrimEnd('/')));
    }
}
