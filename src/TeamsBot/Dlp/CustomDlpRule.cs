namespace TeamsBot.Dlp;

/// <summary>An admin-defined detector: a regular expression, a keyword list, or both.</summary>
public sealed class CustomDlpRule
{
    public const string DefaultLabel = "CUSTOM";

    /// <summary>Reported in audit records and as the blocking rule; letters, digits, '_' and '-'.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>.NET regular expression, matched culture-invariantly with a 100 ms timeout.</summary>
    public string? Pattern { get; set; }

    /// <summary>Whole words or phrases, matched case-insensitively.</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>Block unless configured otherwise: a rule an admin wrote is presumably meant to stop something.</summary>
    public DlpAction Action { get; set; } = DlpAction.Block;

    /// <summary>Placeholder label (A-Z, 0-9, '_'); defaults to CUSTOM.</summary>
    public string? Label { get; set; }
}
