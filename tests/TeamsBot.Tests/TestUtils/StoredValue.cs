namespace TeamsBot.Tests.TestUtils;

/// <summary>One cell of a database table, as text.</summary>
public sealed record StoredValue(string Table, string Column, string Text);
