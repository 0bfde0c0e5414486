namespace TeamsBot.Dlp;

/// <summary>Finds one kind of sensitive value in normalised text.</summary>
internal interface IDlpDetector
{
    /// <summary>Stable lower-case id used in configuration (Policy:Dlp:Rules) and audit records.</summary>
    string Id { get; }

    DlpDetectorKind Kind { get; }

    /// <summary>Placeholder label: findings are replaced by <c>[Label_n]</c>.</summary>
    string Label { get; }

    /// <summary>User-facing name of one finding, e.g. "email address".</summary>
    string Noun { get; }

    /// <summary>User-facing name of several findings, e.g. "email addresses".</summary>
    string NounPlural { get; }

    /// <summary>Appends every finding in <paramref name="normalisedText"/> to <paramref name="findings"/>.</summary>
    void Find(string normalisedText, List<DlpFinding> findings);
}
