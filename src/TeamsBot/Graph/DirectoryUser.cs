namespace TeamsBot.Graph;

/// <summary>What the policy and the usage reports need to know about a user.</summary>
public sealed record DirectoryUser(string UserId, string? DisplayName, string? Department, IReadOnlySet<string> GroupIds);
