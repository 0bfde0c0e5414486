using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using TeamsBot.Hosting;

namespace TeamsBot.Graph;

public static class GraphServiceExtensions
{
    private static readonly string[] GraphScopes = ["https://graph.microsoft.com/.default"];

    public static IServiceCollection AddUserDirectory(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.SectionName)
            .Validate(o => o.BaseUrl.IsAbsoluteUri && (o.BaseUrl.Scheme == "https" || o.BaseUrl.IsLoopback),
                "Graph:BaseUrl must be an https URL (http only on loopback, for tests).")
            .Validate(o => string.IsNullOrEmpty(o.ClientSecret) || !string.IsNullOrEmpty(o.ClientId),
                "Graph:ClientSecret is set but Graph:ClientId is empty.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<Func<string, GraphServiceClient>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            string? ownTenant = options.TenantId ?? sp.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value.MicrosoftAppTenantId;
            var clients = new ConcurrentDictionary<string, GraphServiceClient>(StringComparer.OrdinalIgnoreCase);
            return tenantId => clients.GetOrAdd(tenantId, t =>
                new GraphServiceClient(CredentialFor(options, t, ownTenant), GraphScopes, options.BaseUrl.ToString().TrimEnd('/')));
        });
        services.AddSingleton<IUserDirectory, GraphUserDirectory>();
        return services;
    }

    /// <summary>
    /// A client secret can read any tenant that consented to the app; a managed identity only reads its own tenant.
    /// With neither, DefaultAzureCredential finds the app's identity (AZURE_CLIENT_ID for a user-assigned one).
    /// </summary>
    private static TokenCredential CredentialFor(GraphOptions options, string tenantId, string? ownTenant)
    {
        if (!string.IsNullOrEmpty(options.ClientSecret))
        {
            return new ClientSecretCredential(string.IsNullOrEmpty(tenantId) ? ownTenant : tenantId, options.ClientId,
                options.ClientSecret);
        }

        return string.IsNullOrEmpty(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
    }
}
