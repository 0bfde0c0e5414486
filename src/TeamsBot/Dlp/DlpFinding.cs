namespace TeamsBot.Dlp;

/// <summary>
/// A detected value, as a range in the normalised text (see <see cref="TextNormaliser"/>). It never carries the
/// value itself, so findings can be logged and audited.
/// </summary>
internal readonly record struct DlpFinding(string DetectorId, int Start, int Length)
{
    public int End => Start + Length;
}
