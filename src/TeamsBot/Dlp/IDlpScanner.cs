namespace TeamsBot.Dlp;

internal interface IDlpScanner
{
    /// <summary>
    /// Normalises <paramref name="text"/>, runs every detector that is not set to Allow, and applies the policy.
    /// <paramref name="placeholders"/> is the conversation's map; it gains entries for new values (Enforce only).
    /// </summary>
    DlpScanResult Scan(string text, DlpOptions options, DlpPlaceholderMap placeholders);
}
