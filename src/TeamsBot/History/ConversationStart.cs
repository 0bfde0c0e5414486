namespace TeamsBot.History;

/// <summary>A conversation the bot was just added to, as the install event describes it.</summary>
public sealed record ConversationStart(string ConversationId, string TenantId, ConversationScope Scope, string ReferenceJson);
