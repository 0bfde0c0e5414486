namespace TeamsBot.Export;

/// <summary>Whose data an export holds: one user's (in one tenant), or everything stored of one conversation.</summary>
public sealed record ExportSubject(string TenantId, string? UserId, string? ConversationId)
{
    public static ExportSubject ForUser(string tenantId, string userId) => new(tenantId, userId, null);

    public static ExportSubject ForConversation(string tenantId, string conversationId) => new(tenantId, null, conversationId);

    /// <summary>"user {id}" or "conversation {id}", as the export and its audit record name it.</summary>
    public string Describe() => UserId is { } user ? $"user {user}" : $"conversation {ConversationId}";
}
