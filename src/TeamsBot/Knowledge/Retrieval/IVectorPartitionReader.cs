namespace TeamsBot.Knowledge.Retrieval;

/// <summary>How <see cref="KnowledgeVectorCache"/> reads one store, for one search's reader and embedding model.</summary>
internal interface IVectorPartitionReader
{
    /// <summary>The stamps of the partitions the reader may read that hold documents of the model (nothing else).</summary>
    Task<IReadOnlyList<(VectorPartitionKey Key, PartitionStamp Stamp)>> ReadStampsAsync(CancellationToken cancellationToken);

    /// <summary>One partition's vectors with its stamp, read in one transaction so the two agree.</summary>
    Task<VectorPartition> LoadAsync(VectorPartitionKey key, CancellationToken cancellationToken);

    /// <summary>The exact cosine similarity of these passages to the question (those still readable), from the stored float32 vectors.</summary>
    Task<IReadOnlyList<(long Id, float Similarity)>> ExactAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);
}
