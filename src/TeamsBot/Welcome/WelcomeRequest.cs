using TeamsBot.History;

namespace TeamsBot.Welcome;

/// <summary>The bot was added to a conversation, by <paramref name="UserId"/>; <paramref name="BotName"/> as Teams shows it.</summary>
public sealed record WelcomeRequest(
    string ConversationId,
    string TenantId,
    ConversationScope Scope,
    string UserId,
    string? BotName);
