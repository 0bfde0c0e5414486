namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// One unit of access whose vectors are cached together: a person's own files (<paramref name="CollectionId"/> null) or
/// one collection, in a tenant, of one embedding model. A search scans only the partitions its reader may read.
/// </summary>
internal readonly record struct VectorPartitionKey(string TenantId, string? OwnerUserId, string? CollectionId,
    string EmbeddingModel);
