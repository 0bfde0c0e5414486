namespace TeamsBot.Knowledge.Retrieval;

/// <summary>Hybrid (keyword + vector) search over stored passages, inside the reader's access.</summary>
public interface IKnowledgeIndex
{
    /// <summary>
    /// The passages most relevant to the question, best first: at most <see cref="KnowledgeQuery.Take"/>, each with a
    /// cosine similarity of at least <see cref="KnowledgeQuery.MinSimilarity"/>; empty when none is relevant. Only
    /// documents <see cref="KnowledgeQuery.Access"/> may read are ever considered.
    /// </summary>
    Task<IReadOnlyList<RetrievedPassage>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken);
}
