namespace TeamsBot.Reports;

/// <summary>A feedback comment as stored (DLP-redacted), without who wrote it or their group.</summary>
public sealed record ReportComment(DateTime AtUtc, string Reaction, string Text);
