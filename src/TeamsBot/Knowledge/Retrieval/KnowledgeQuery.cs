namespace TeamsBot.Knowledge.Retrieval;

/// <summary>One search: who asks, the question's words and vector (of <paramref name="EmbeddingModel"/>), how many back.</summary>
public sealed record KnowledgeQuery(ReaderAccess Access, string Question, float[] Vector, string EmbeddingModel,
    int Take, double MinSimilarity);
