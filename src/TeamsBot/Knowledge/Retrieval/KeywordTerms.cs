namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Which of the question's words the keyword query searches by, the same rule on every store: rarest first, only as
/// many as match at most <see cref="CandidateBudget"/> passages together (at least the rarest one). A full-text engine
/// scores every passage an OR query matches, several microseconds each, and a common word matches most of 100,000
/// passages; it also tells little about which passage is meant (BM25 gives it a low IDF, and PostgreSQL's
/// <c>ts_rank</c> ignores rarity altogether and would rank a passage of many common words first), so leaving it out
/// changes the best few least, and the vector list still sees the whole question.
/// </summary>
internal static class KeywordTerms
{
    /// <summary>Most passages the keyword query may match and score.</summary>
    public const int CandidateBudget = 5_000;

    /// <summary>
    /// A count a store may stop at: past it a word is never kept beside a rarer one, so counting further is wasted
    /// work.
    /// </summary>
    public const int CountCap = CandidateBudget + 1;

    /// <summary>
    /// The terms to search <paramref name="query"/> by. One term or none is searched by as it is; from two on, the
    /// store counts each term's passages the reader may read (<paramref name="countAsync"/>, its own SQL, each count
    /// stopped at <see cref="CountCap"/> or later) and <see cref="Choose"/> keeps the rarest.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ChooseAsync<TConnection>(TConnection connection,
        KnowledgeQuery query, CountPassagesAsync<TConnection> countAsync, CancellationToken cancellationToken)
        where TConnection : class
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(countAsync);
        var terms = RankFusion.Terms(query.Question);
        if (terms.Count <= 1)
        {
            return terms;
        }

        return Choose(await countAsync(connection, query, terms, cancellationToken));
    }

    /// <summary>
    /// The terms to search by, from each term's count of matching passages (counts may stop at <see cref="CountCap"/>);
    /// terms matching nothing are dropped. Ties keep the question's order.
    /// </summary>
    public static IReadOnlyList<string> Choose(IReadOnlyList<(string Term, long Passages)> counted)
    {
        ArgumentNullException.ThrowIfNull(counted);
        var chosen = new List<string>(counted.Count);
        long total = 0;
        foreach (var (term, passages) in counted.Where(c => c.Passages > 0).OrderBy(c => c.Passages))
        {
            total += passages;
            if (chosen.Count > 0 && total > CandidateBudget)
            {
                break;
            }

            chosen.Add(term);
        }

        return chosen;
    }

    /// <summary>Counts, for each of <paramref name="terms"/> in order, the passages it matches that the reader may read.</summary>
    internal delegate Task<IReadOnlyList<(string Term, long Passages)>> CountPassagesAsync<in TConnection>(
        TConnection connection, KnowledgeQuery query, IReadOnlyList<string> terms, CancellationToken cancellationToken);
}
