namespace TeamsBot.Dlp;

internal enum DlpDetectorKind
{
    /// <summary>Data about a person (default action: Redact).</summary>
    PersonalData = 0,

    /// <summary>Credentials and keys (default action: Block).</summary>
    Secret = 1,

    /// <summary>A rule configured under Policy:Dlp:Custom (action comes from the rule).</summary>
    Custom = 2,
}
