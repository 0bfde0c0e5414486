namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// One unit of access whose vectors are cached together: a person's own files (<paramref name="CollectionId"/> null) or
/// one collection, in a tenant, of one embedding model. A search scans only the partitions its reader may read.
/// </summary>
internal readonly record struct VectorPartitionKey(string TenantId, string? OwnerUserId, string? CollectionId,
    string EmbeddingModel)
{
    /// <summary>The reader's own files (<paramref name="collectionId"/> null), or one collection they may read.</summary>
    public static VectorPartitionKey Of(KnowledgeQuery query, string? collectionId) => collectionId is null
        ? new VectorPartitionKey(query.Access.TenantId, query.Access.UserId, null, query.EmbeddingModel)
        : new VectorPartitionKey(query.Access.TenantId, null, collectionId, query.EmbeddingModel);
}
