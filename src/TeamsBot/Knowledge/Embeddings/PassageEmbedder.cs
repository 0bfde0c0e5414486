using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace TeamsBot.Knowledge.Embeddings;

/// <summary>
/// Passages and questions into unit vectors with the configured provider, in batches, so a stored vector and a
/// question's are compared by a dot product (their cosine similarity).
/// </summary>
internal sealed class PassageEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator,
    IOptions<EmbeddingOptions> options)
{
    /// <summary>Texts per request: small enough for a model server's request limit, large enough to be quick.</summary>
    internal const int BatchSize = 32;

    public string ModelId => options.Value.ModelId;

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new List<float[]>(texts.Count);
        foreach (var batch in texts.Chunk(BatchSize))
        {
            var embeddings = await generator.GenerateAsync(batch, cancellationToken: cancellationToken);
            if (embeddings.Count != batch.Length)
            {
                throw new InvalidOperationException(
                    $"The embeddings endpoint returned {embeddings.Count} vectors for {batch.Length} texts.");
            }

            vectors.AddRange(embeddings.Select(e => VectorCodec.Normalise(e.Vector.ToArray())));
        }

        return vectors;
    }

    /// <summary>The text a passage is embedded as: its heading (where it sits in the document) and its text.</summary>
    public static string PassageText(string? heading, string text) =>
        string.IsNullOrEmpty(heading) ? text : heading + "\n" + text;
}
