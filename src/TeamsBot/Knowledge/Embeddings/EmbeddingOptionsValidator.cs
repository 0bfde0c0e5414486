using Microsoft.Extensions.Options;
using TeamsBot.Model;

namespace TeamsBot.Knowledge.Embeddings;

/// <summary>The model provider needs a configured model and a deployment; checked at startup, not at the first file.</summary>
internal sealed class EmbeddingOptionsValidator(IOptions<ModelOptions> model) : IValidateOptions<EmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail("Knowledge:Embeddings:Provider must be Local or Model.");
        }

        if (options.MinSimilarity is <= 0 or >= 1)
        {
            return ValidateOptionsResult.Fail("Knowledge:Embeddings:MinSimilarity must be between 0 and 1 (exclusive).");
        }

        if (options.Provider == EmbeddingProvider.Model)
        {
            if (!model.Value.IsConfigured)
            {
                return ValidateOptionsResult.Fail(
                    "Knowledge:Embeddings:Provider is Model, but no model is configured (Model:Provider, Model:Endpoint).");
            }

            if (string.IsNullOrWhiteSpace(options.Deployment))
            {
                return ValidateOptionsResult.Fail(
                    "Knowledge:Embeddings:Provider is Model: set Knowledge:Embeddings:Deployment to the embeddings model "
                    + "or Azure OpenAI deployment (text-embedding-3-small, for example).");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
