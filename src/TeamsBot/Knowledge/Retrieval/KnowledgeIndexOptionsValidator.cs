using Microsoft.Extensions.Options;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>Azure AI Search needs an https endpoint, an index and a way to sign in; checked at startup.</summary>
internal sealed class KnowledgeIndexOptionsValidator : IValidateOptions<KnowledgeIndexOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail("Knowledge:Index:Provider must be Database or AzureSearch.");
        }

        if (options.Provider != KnowledgeIndexProvider.AzureSearch)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || string.IsNullOrEmpty(endpoint.Host)
            || !(endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            return ValidateOptionsResult.Fail(
                "Knowledge:Index:Endpoint must be the search service's https address (https://contoso-search.search.windows.net).");
        }

        if (string.IsNullOrWhiteSpace(options.IndexName) || !options.IndexName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return ValidateOptionsResult.Fail(
                "Knowledge:Index:IndexName must name the search index (letters, digits and dashes).");
        }

        if (!Enum.IsDefined(options.Authentication))
        {
            return ValidateOptionsResult.Fail("Knowledge:Index:Authentication must be ApiKey or AzureCredential.");
        }

        if (options.Authentication == AzureSearchAuthentication.ApiKey && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ValidateOptionsResult.Fail(
                "Knowledge:Index:ApiKey must be set (from Key Vault or the environment) when Knowledge:Index:Authentication is ApiKey.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(2))
        {
            return ValidateOptionsResult.Fail("Knowledge:Index:Timeout must be more than 0 and at most 00:02:00.");
        }

        return ValidateOptionsResult.Success;
    }
}
