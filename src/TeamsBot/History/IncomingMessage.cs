namespace TeamsBot.History;

/// <summary>A user's message as received, before anything is done with it.</summary>
public sealed record IncomingMessage(
    string ConversationId,
    string ActivityId,
    string TenantId,
    string UserId,
    string? UserName,
    ConversationScope Scope,
    string Text,
    string ReferenceJson,
    DateTime ReceivedAt);
