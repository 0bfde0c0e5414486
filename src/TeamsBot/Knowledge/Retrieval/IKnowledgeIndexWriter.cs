namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Keeps a search index outside the database in step with it. The database stays the source of truth: a passage is
/// pushed before its document becomes ready, and removed after its document is deleted.
/// </summary>
public interface IKnowledgeIndexWriter
{
    /// <summary>Whether it keeps copies of passages outside the database (and so needs them pushed and deleted).</summary>
    bool KeepsCopies { get; }

    /// <summary>Adds or replaces passages; throws when the index did not take every one of them.</summary>
    Task UpsertAsync(IReadOnlyList<IndexedPassage> passages, CancellationToken cancellationToken);

    /// <summary>Removes passages by id (an id the index does not hold is not an error).</summary>
    Task DeleteAsync(IReadOnlyList<long> chunkIds, CancellationToken cancellationToken);
}
