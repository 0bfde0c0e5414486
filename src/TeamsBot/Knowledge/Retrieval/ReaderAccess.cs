namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// What one person may read, passed into the retrieval query so that it filters before it ranks: their own files
/// in their tenant, and the collections they can read (resolved by the caller, for example from transitive Entra
/// group membership). Anything else, including a document with neither owner nor collection, is never a candidate.
/// </summary>
public sealed record ReaderAccess(string TenantId, string UserId, IReadOnlyList<string> CollectionIds)
{
    /// <summary>A person's own files only (no collections yet).</summary>
    public static ReaderAccess OwnFiles(string tenantId, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return new ReaderAccess(tenantId, userId, []);
    }
}
