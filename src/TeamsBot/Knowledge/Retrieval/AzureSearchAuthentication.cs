namespace TeamsBot.Knowledge.Retrieval;

/// <summary>How the bot signs its requests to Azure AI Search.</summary>
public enum AzureSearchAuthentication
{
    /// <summary>An admin key in <see cref="KnowledgeIndexOptions.ApiKey"/> (from Key Vault or the environment).</summary>
    ApiKey,

    /// <summary>The app's Azure credential (<c>Azure:Credential</c>), with the Search Index Data Contributor role.</summary>
    AzureCredential,
}
