namespace TeamsBot.Tests.Infra;

/// <summary>An app setting name found in a Bicep file; Name is null when the entry is not a plain string literal.</summary>
public sealed record AppSetting(string? Name, string File, int Line, string Source)
{
    public override string ToString() => $"{File}:{Line} {Name ?? Source}";
}
