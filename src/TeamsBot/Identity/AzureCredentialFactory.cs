using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace TeamsBot.Identity;

/// <summary>
/// The one place that turns <c>Azure:*</c> into a credential, for Azure OpenAI and Microsoft Graph alike. Never a
/// DefaultAzureCredential: its chain falls through to the Azure CLI, PowerShell and Developer CLI, which start
/// processes (and reach hosts no one configured) for every token wherever no managed identity answers.
/// </summary>
public sealed class AzureCredentialFactory(IOptions<AzureCredentialOptions> options)
{
    /// <summary>
    /// A credential of the configured kind. <paramref name="tenantId"/> (a user's tenant, for an application that
    /// reads several) overrides Azure:TenantId for ClientSecret and WorkloadIdentity; a managed identity and the
    /// developer's sign-in always use their own tenant.
    /// </summary>
    public TokenCredential Create(string? tenantId = null)
    {
        var settings = options.Value;
        string? tenant = string.IsNullOrEmpty(tenantId) ? settings.TenantId : tenantId;
        return settings.Credential switch
        {
            AzureCredentialKind.ManagedIdentity => new ManagedIdentityCredential(
                string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
                    ? ManagedIdentityId.SystemAssigned
                    : ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId)),
            AzureCredentialKind.WorkloadIdentity => new WorkloadIdentityCredential(WithAuthority(
                new WorkloadIdentityCredentialOptions
                {
                    TenantId = NullIfEmpty(tenant),
                    ClientId = NullIfEmpty(settings.ClientId),
                    TokenFilePath = NullIfEmpty(settings.TokenFilePath),
                }, settings)),
            AzureCredentialKind.ClientSecret => new ClientSecretCredential(tenant, settings.ClientId, settings.ClientSecret,
                WithAuthority(new ClientSecretCredentialOptions(), settings)),
            AzureCredentialKind.Developer => new ChainedTokenCredential(
                new AzureCliCredential(new AzureCliCredentialOptions { TenantId = NullIfEmpty(settings.TenantId) }),
                new AzureDeveloperCliCredential(new AzureDeveloperCliCredentialOptions { TenantId = NullIfEmpty(settings.TenantId) }),
                new AzurePowerShellCredential(new AzurePowerShellCredentialOptions { TenantId = NullIfEmpty(settings.TenantId) })),
            _ => throw new InvalidOperationException($"Azure:Credential {settings.Credential} is not supported."),
        };
    }

    private static T WithAuthority<T>(T credentialOptions, AzureCredentialOptions settings)
        where T : TokenCredentialOptions
    {
        if (settings.AuthorityHost is { } host)
        {
            credentialOptions.AuthorityHost = host;
        }

        return credentialOptions;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
