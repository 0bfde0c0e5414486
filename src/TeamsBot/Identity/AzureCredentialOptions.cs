namespace TeamsBot.Identity;

/// <summary>How the app authenticates to Azure OpenAI and Microsoft Graph. Section <c>Azure</c>.</summary>
public sealed class AzureCredentialOptions
{
    public const string SectionName = "Azure";

    /// <summary>Exactly one credential is used; there is no fallback chain.</summary>
    public AzureCredentialKind Credential { get; set; } = AzureCredentialKind.ManagedIdentity;

    /// <summary>Client id of a user-assigned managed identity; empty means the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Entra tenant for ClientSecret and WorkloadIdentity (workload identity defaults to AZURE_TENANT_ID).</summary>
    public string? TenantId { get; set; }

    /// <summary>Application (client) id for ClientSecret and WorkloadIdentity (workload identity defaults to AZURE_CLIENT_ID).</summary>
    public string? ClientId { get; set; }

    /// <summary>Secret of <see cref="ClientId"/> for ClientSecret; keep it in Key Vault or user secrets.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Federated token file for WorkloadIdentity; empty means AZURE_FEDERATED_TOKEN_FILE.</summary>
    public string? TokenFilePath { get; set; }

    /// <summary>Entra ID sign-in host for ClientSecret and WorkloadIdentity; empty means the public cloud.</summary>
    public Uri? AuthorityHost { get; set; }
}
