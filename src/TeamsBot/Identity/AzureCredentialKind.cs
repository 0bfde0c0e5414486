namespace TeamsBot.Identity;

/// <summary>Which credential the app uses for Azure OpenAI (without a key) and Microsoft Graph.</summary>
public enum AzureCredentialKind
{
    /// <summary>The compute's managed identity: system-assigned, or user-assigned with Azure:ManagedIdentityClientId.</summary>
    ManagedIdentity,

    /// <summary>Kubernetes workload identity: a federated token file (AZURE_FEDERATED_TOKEN_FILE) exchanged for a token.</summary>
    WorkloadIdentity,

    /// <summary>An Entra application with a client secret (Azure:TenantId, Azure:ClientId, Azure:ClientSecret).</summary>
    ClientSecret,

    /// <summary>The developer's own sign-in (Azure CLI, Azure Developer CLI, Azure PowerShell); Development only.</summary>
    Developer,
}
