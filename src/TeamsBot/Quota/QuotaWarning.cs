namespace TeamsBot.Quota;

/// <summary>A limit just crossed 80%: shown once, because only one turn can cross it.</summary>
public sealed record QuotaWarning(string What, int Percent);
