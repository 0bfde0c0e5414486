namespace TeamsBot.Graph;

/// <summary>
/// What the policy and the usage reports need to know about a user. Graph fills <see cref="GroupIds"/>, and
/// <see cref="Department"/> only with Graph:ReadDepartment; <see cref="DisplayName"/> is not read (Teams sends the name).
/// </summary>
public sealed record DirectoryUser(string UserId, string? DisplayName, string? Department, IReadOnlySet<string> GroupIds);
