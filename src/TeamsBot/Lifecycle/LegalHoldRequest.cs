namespace TeamsBot.Lifecycle;

/// <summary>A hold to place: on a user or on a conversation (exactly one), with the admin's reason.</summary>
public sealed record LegalHoldRequest(string TenantId, string? UserId, string? ConversationId, string Reason,
    string PlacedBy);
