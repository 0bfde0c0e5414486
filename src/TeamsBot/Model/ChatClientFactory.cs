using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using TeamsBot.Identity;

namespace TeamsBot.Model;

/// <summary>Builds the one IChatClient the bot uses, from <c>Model:*</c>.</summary>
internal static class ChatClientFactory
{
    public static IChatClient Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        if (!options.IsConfigured)
        {
            return new NotConfiguredChatClient();
        }

        return CreateClient(options, services).GetChatClient(options.Deployment!).AsIChatClient();
    }

    /// <summary>
    /// The model server's embeddings endpoint (<c>/v1/embeddings</c>, or the Azure OpenAI deployment's), reached with
    /// the same endpoint, credential and retry limits as the chat model.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(IServiceProvider services,
        string deployment)
    {
        var options = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        if (!options.IsConfigured)
        {
            throw new ModelNotConfiguredException();
        }

        return CreateClient(options, services).GetEmbeddingClient(deployment).AsIEmbeddingGenerator();
    }

    private static OpenAIClient CreateClient(ModelOptions options, IServiceProvider services)
    {
        var retry = new CappedRetryPolicy(options.MaxRetries, options.MaxRetryDelay);
        var endpoint = options.Endpoint!;
        return options.Provider switch
        {
            ModelProvider.AzureOpenAI => CreateAzure(options, endpoint, retry, services),
            _ => new OpenAIClient(
                new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
                OpenAIClientOptionsFor(options, endpoint, retry)),
        };
    }

    private static OpenAIClientOptions OpenAIClientOptionsFor(ModelOptions options, Uri endpoint, CappedRetryPolicy retry)
    {
        var clientOptions = new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = retry, NetworkTimeout = options.Timeout };
        if (MaxTokensFieldPolicy.AppliesTo(options))
        {
            clientOptions.AddPolicy(new MaxTokensFieldPolicy(), PipelinePosition.PerCall);
        }

        return clientOptions;
    }

    /// <summary>Without a key, the credential <c>Azure:Credential</c> names (the managed identity by default).</summary>
    private static AzureOpenAIClient CreateAzure(ModelOptions options, Uri endpoint, CappedRetryPolicy retry,
        IServiceProvider services)
    {
        var clientOptions = new AzureOpenAIClientOptions { RetryPolicy = retry, NetworkTimeout = options.Timeout };
        return string.IsNullOrEmpty(options.ApiKey)
            ? new AzureOpenAIClient(endpoint, services.GetRequiredService<AzureCredentialFactory>().Create(), clientOptions)
            : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions);
    }
}
