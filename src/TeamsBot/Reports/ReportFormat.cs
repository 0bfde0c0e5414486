namespace TeamsBot.Reports;

public enum ReportFormat
{
    /// <summary>RFC 4180, one row per group then a total row; text cells guarded against formula injection.</summary>
    Csv,

    Json,
}
