namespace TeamsBot.Tests.TestUtils;

/// <summary>The validation outcome for one card.</summary>
public sealed record CardValidationResult(int Index, string? DeclaredVersion, IReadOnlyList<CardIssue> Issues)
{
    public bool IsValid => Issues.Count == 0;

    public override string ToString() =>
        IsValid ? $"card {Index}: valid" : $"card {Index}: " + string.Join("; ", Issues);
}
