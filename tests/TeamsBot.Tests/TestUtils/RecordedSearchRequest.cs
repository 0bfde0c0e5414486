namespace TeamsBot.Tests.TestUtils;

/// <summary>One request the Azure AI Search double received: its method, path, api-version, key and JSON body.</summary>
public sealed record RecordedSearchRequest(string Method, string Path, string? ApiVersion, string? ApiKey, string Body)
{
    /// <summary>The <c>filter</c> of a search request; null when it had none.</summary>
    public string? Filter => System.Text.Json.Nodes.JsonNode.Parse(Body)?["filter"]?.GetValue<string>();
}
