namespace TeamsBot.Knowledge;

/// <summary>
/// Who may read a document: its owner (a file a person sent, or one from their own OneDrive), or the readers of the
/// collection it belongs to. Exactly one is set; a document with neither is readable by no one.
/// </summary>
public sealed record DocumentAccess(string TenantId, string? OwnerUserId, string? CollectionId)
{
    public static DocumentAccess Owner(string tenantId, string userId) => new(tenantId, userId, null);
}
