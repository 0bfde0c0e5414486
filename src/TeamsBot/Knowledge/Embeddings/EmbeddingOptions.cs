namespace TeamsBot.Knowledge.Embeddings;

/// <summary>How passages are turned into vectors. Section <c>Knowledge:Embeddings</c>.</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Knowledge:Embeddings";

    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.Local;

    /// <summary>
    /// With <see cref="EmbeddingProvider.Model"/>: the embeddings model or Azure OpenAI deployment
    /// (text-embedding-3-small, for example), on the endpoint and credential of <c>Model:*</c>.
    /// </summary>
    public string? Deployment { get; set; }

    /// <summary>
    /// Least cosine similarity between a question and a passage for the passage to count as relevant. Ranking fuses
    /// keyword and vector ranks, and a fused rank says only which passage is best, not whether any is good: this
    /// absolute floor is what lets the bot say it found nothing instead of quoting the least bad passage. 0.3 suits
    /// all-MiniLM-L6-v2; OpenAI's text-embedding-3 models score lower (about 0.2 to 0.25).
    /// </summary>
    public double MinSimilarity { get; set; } = 0.3;

    /// <summary>The name stored with every vector: vectors of another model are never compared with these.</summary>
    public string ModelId => Provider == EmbeddingProvider.Local ? LocalEmbeddingGenerator.ModelId : "model:" + Deployment;
}
