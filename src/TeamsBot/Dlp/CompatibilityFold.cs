namespace TeamsBot.Dlp;

/// <summary>One row of <see cref="CompatibilityFoldTable"/>: code points Start..End fold to Target.</summary>
internal readonly record struct CompatibilityFold(int Start, int End, string Target);
