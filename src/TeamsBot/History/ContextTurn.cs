namespace TeamsBot.History;

/// <summary>An earlier answered message, as the prompt builder needs it.</summary>
public sealed record ContextTurn(TurnRole Role, string Text, int TokenCount, string UserId, string? UserName);
