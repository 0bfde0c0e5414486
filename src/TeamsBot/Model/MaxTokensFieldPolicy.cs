using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace TeamsBot.Model;

/// <summary>
/// The OpenAI SDK sends <c>Model:MaxOutputTokens</c> as <c>max_completion_tokens</c>, which OpenAI and Azure OpenAI
/// honour but many OpenAI-compatible servers (Ollama's OpenAI layer among them) ignore, so answers ran unbounded.
/// For those servers this renames the field to the older <c>max_tokens</c>, which all of them read. Not both: OpenAI's
/// reasoning models refuse <c>max_tokens</c>, and a compatible proxy may forward the request to one.
/// </summary>
internal sealed class MaxTokensFieldPolicy : PipelinePolicy
{
    private const string CompletionTokens = "max_completion_tokens";
    private const string Tokens = "max_tokens";

    /// <summary>
    /// True for an OpenAI-compatible server; false for Azure OpenAI and for OpenAI itself (api.openai.com), which
    /// read <c>max_completion_tokens</c>.
    /// </summary>
    public static bool AppliesTo(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options is { Provider: ModelProvider.OpenAI, Endpoint: { } endpoint }
            && !string.Equals(endpoint.IdnHost, "api.openai.com", StringComparison.OrdinalIgnoreCase);
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rename(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline,
        int currentIndex)
    {
        Rename(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private static void Rename(PipelineMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return;
        }

        // The SDK's content is an in-memory model serialised on demand: writing it out costs no I/O.
        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        if (JsonNode.Parse(buffer.ToArray()) is not JsonObject body || body[CompletionTokens] is not { } limit)
        {
            return;
        }

        body.Remove(CompletionTokens);
        body[Tokens] = limit;
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
