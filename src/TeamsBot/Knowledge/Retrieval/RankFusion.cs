namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Reciprocal rank fusion (Cormack et al., 2009): each list adds 1 / (k + rank) for a passage. It needs no common scale
/// between BM25 and cosine scores, and a passage found by both ranks above one found by either alone.
/// </summary>
internal static class RankFusion
{
    /// <summary>The usual constant: it damps the difference between the first few ranks.</summary>
    public const int K = 60;

    /// <summary>Candidates taken from each list before fusing.</summary>
    public const int CandidatesPerList = 30;

    public static Dictionary<long, double> Fuse(params IReadOnlyList<long>[] rankedLists)
    {
        var scores = new Dictionary<long, double>();
        foreach (var list in rankedLists)
        {
            for (int rank = 0; rank < list.Count; rank++)
            {
                scores[list[rank]] = scores.GetValueOrDefault(list[rank]) + (1.0 / (K + rank + 1));
            }
        }

        return scores;
    }

    /// <summary>
    /// The final answer from fused candidates: those at or above the similarity floor, best fused score first. A passage
    /// whose vectors are of another model (NaN similarity, found by words) has no similarity to hold to the floor: it
    /// stays, so a document being embedded again is still found by its words meanwhile.
    /// </summary>
    public static IReadOnlyList<RetrievedPassage> Select(IEnumerable<RetrievedPassage> candidates, KnowledgeQuery query) =>
        candidates.Where(p => p.Similarity >= query.MinSimilarity || double.IsNaN(p.Similarity))
            .OrderByDescending(p => p.Score).ThenByDescending(p => p.Similarity).ThenBy(p => p.ChunkId)
            .Take(query.Take).ToList();

    /// <summary>
    /// The question's words for a keyword search: letters and digits only (so nothing in it is query syntax), at most
    /// 32 distinct, lower case. Any of them may match; BM25 weighs rare words over common ones.
    /// </summary>
    public static IReadOnlyList<string> Terms(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var terms = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (char c in question + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (current.Length >= 2 && !terms.Contains(current.ToString()) && terms.Count < 32)
            {
                terms.Add(current.ToString());
            }

            current.Clear();
        }

        return terms;
    }
}
