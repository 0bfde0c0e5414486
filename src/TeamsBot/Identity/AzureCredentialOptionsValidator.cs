using Microsoft.Extensions.Options;

namespace TeamsBot.Identity;

/// <summary>Fails startup with messages that name the key and the fix.</summary>
internal sealed class AzureCredentialOptionsValidator(IHostEnvironment environment, IConfiguration configuration)
    : IValidateOptions<AzureCredentialOptions>
{
    /// <summary>Read by earlier versions (through DefaultAzureCredential); now only Azure:ManagedIdentityClientId counts.</summary>
    internal const string LegacyClientIdVariable = "AZURE_CLIENT_ID";

    internal const string FederatedTokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";

    public ValidateOptionsResult Validate(string? name, AzureCredentialOptions options)
    {
        var failures = new List<string>();
        switch (options.Credential)
        {
            case AzureCredentialKind.ManagedIdentity:
                // A user-assigned identity named only by AZURE_CLIENT_ID would silently become the system-assigned one.
                if (string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                    && !string.IsNullOrWhiteSpace(configuration[LegacyClientIdVariable]))
                {
                    failures.Add($"{LegacyClientIdVariable} is set but Azure:ManagedIdentityClientId is empty. Set "
                        + "Azure:ManagedIdentityClientId to the user-assigned identity's client id (the app does not read "
                        + $"{LegacyClientIdVariable}), or remove {LegacyClientIdVariable} to use the system-assigned identity.");
                }

                break;
            case AzureCredentialKind.ClientSecret:
                if (string.IsNullOrWhiteSpace(options.TenantId) || string.IsNullOrWhiteSpace(options.ClientId)
                    || string.IsNullOrWhiteSpace(options.ClientSecret))
                {
                    failures.Add("Azure:Credential=ClientSecret needs Azure:TenantId, Azure:ClientId and Azure:ClientSecret.");
                }

                break;
            case AzureCredentialKind.WorkloadIdentity:
                if (string.IsNullOrWhiteSpace(options.TokenFilePath) && string.IsNullOrWhiteSpace(configuration[FederatedTokenFileVariable]))
                {
                    failures.Add($"Azure:Credential=WorkloadIdentity needs a federated token file: Azure:TokenFilePath or "
                        + $"{FederatedTokenFileVariable} (set by the workload identity webhook).");
                }

                break;
            case AzureCredentialKind.Developer:
                if (!environment.IsDevelopment())
                {
                    failures.Add("Azure:Credential=Developer (your Azure CLI, Azure Developer CLI or PowerShell sign-in) is "
                        + "allowed only in Development. Use ManagedIdentity, WorkloadIdentity or ClientSecret.");
                }

                break;
            default:
                failures.Add("Azure:Credential must be ManagedIdentity, WorkloadIdentity, ClientSecret or Developer.");
                break;
        }

        if (options.Credential != AzureCredentialKind.ClientSecret && !string.IsNullOrEmpty(options.ClientSecret))
        {
            failures.Add("Azure:ClientSecret is set but Azure:Credential is not ClientSecret; remove the secret or set "
                + "Azure:Credential=ClientSecret.");
        }

        if (options.AuthorityHost is { } host && (!host.IsAbsoluteUri || host.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Azure:AuthorityHost must be an https URL, e.g. https://login.microsoftonline.us/.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
