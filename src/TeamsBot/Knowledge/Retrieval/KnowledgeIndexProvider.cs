namespace TeamsBot.Knowledge.Retrieval;

/// <summary>Where passages are searched: the bot's own database (SQLite or PostgreSQL), or Azure AI Search.</summary>
public enum KnowledgeIndexProvider
{
    Database,
    AzureSearch,
}
