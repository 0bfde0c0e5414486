namespace TeamsBot.Reports;

/// <summary>What to report on: an inclusive UTC range, the rows, and optionally one tenant only.</summary>
public sealed record ReportRequest(DateTime FromUtc, DateTime ToUtc, ReportDimension Dimension, string? TenantId = null);
