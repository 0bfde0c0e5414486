namespace TeamsBot.Knowledge.Retrieval;

/// <summary>Where passages are indexed and searched. Section <c>Knowledge:Index</c>.</summary>
public sealed class KnowledgeIndexOptions
{
    public const string SectionName = "Knowledge:Index";

    /// <summary>Database (the default: the tables of <c>Storage:Provider</c>) or AzureSearch.</summary>
    public KnowledgeIndexProvider Provider { get; set; } = KnowledgeIndexProvider.Database;

    /// <summary>The search service, <c>https://contoso-search.search.windows.net</c>; only https, but for a loopback host.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The index holding the passages (created by the admin with the fields the admin guide lists).</summary>
    public string? IndexName { get; set; }

    public AzureSearchAuthentication Authentication { get; set; } = AzureSearchAuthentication.ApiKey;

    /// <summary>An admin key, for <see cref="AzureSearchAuthentication.ApiKey"/>; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one request to the search service may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
