namespace TeamsBot.Tests.TestUtils;

/// <summary>One problem the Adaptive Cards parser (or a Teams rule) found. Phase: Parse, Validation, Teams, Input.</summary>
public sealed record CardIssue(string Phase, string Event, string Message)
{
    public override string ToString() => $"{Phase}/{Event}: {Message}";
}
