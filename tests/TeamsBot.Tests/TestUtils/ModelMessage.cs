namespace TeamsBot.Tests.TestUtils;

/// <summary>One chat message as the model server received it (text parts joined).</summary>
public sealed record ModelMessage(string Role, string Content);
