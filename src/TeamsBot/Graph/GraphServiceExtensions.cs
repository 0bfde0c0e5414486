using Microsoft.Extensions.Options;
using Microsoft.Graph.Authentication;
using TeamsBot.Hosting;
using TeamsBot.Identity;

namespace TeamsBot.Graph;

public static class GraphServiceExtensions
{
    private static readonly string[] GraphScopes = ["https://graph.microsoft.com/.default"];

    public static IServiceCollection AddUserDirectory(this IServiceCollection services)
    {
        services.AddAzureCredential();
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.SectionName)
            .Validate(o => o.BaseUrl.IsAbsoluteUri && (o.BaseUrl.Scheme == "https" || o.BaseUrl.IsLoopback),
                "Graph:BaseUrl must be an https URL (http only on loopback, for tests).")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromSeconds(10),
                "Graph:Timeout must be more than 0 and at most 00:00:10 (Teams re-delivers unacknowledged messages after ~15 s).")
            .Validate(o => o.CacheTtl > TimeSpan.Zero && o.CacheTtl <= TimeSpan.FromHours(1),
                "Graph:CacheTtl must be more than 0 and at most 01:00:00: a person removed from a group keeps what the "
                + "group gave them (admin commands, collections) for up to this long.")
            .Validate<IConfiguration>((_, configuration) => string.IsNullOrEmpty(configuration["Graph:ClientId"])
                    && string.IsNullOrEmpty(configuration["Graph:ClientSecret"]),
                "Graph:ClientId and Graph:ClientSecret are no longer read: Graph uses the credential Azure:Credential "
                + "names (Azure:ManagedIdentityClientId for a user-assigned identity; Azure:Credential=ClientSecret with "
                + "Azure:TenantId, Azure:ClientId and Azure:ClientSecret for an app registration).")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            var credentials = sp.GetRequiredService<AzureCredentialFactory>();
            string? ownTenant = options.TenantId ?? sp.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value.MicrosoftAppTenantId;
            // The token goes to the configured Graph host only (the SDK's default list knows only Microsoft's hosts).
            string[] allowedHosts = [options.BaseUrl.Host];
            // An app registration with a secret reads each tenant that consented to it; a managed identity its own.
            return new GraphClients(tenantId => new AzureIdentityAuthenticationProvider(
                    credentials.Create(string.IsNullOrEmpty(tenantId) ? ownTenant : tenantId),
                    allowedHosts, observabilityOptions: null, isCaeEnabled: true, GraphScopes),
                options.BaseUrl);
        });
        services.AddSingleton<IUserDirectory, GraphUserDirectory>();
        return services;
    }
}
