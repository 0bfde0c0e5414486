namespace TeamsBot.Dlp;

/// <summary>What the scanner does with a finding of a detector.</summary>
public enum DlpAction
{
    /// <summary>Replace the value with a typed placeholder such as <c>[EMAIL_1]</c>.</summary>
    Redact = 0,

    /// <summary>Refuse the whole turn.</summary>
    Block = 1,

    /// <summary>Do not look for it at all.</summary>
    Allow = 2,
}
