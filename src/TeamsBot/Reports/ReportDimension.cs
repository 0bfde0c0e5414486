namespace TeamsBot.Reports;

/// <summary>What a report's rows are.</summary>
public enum ReportDimension
{
    /// <summary>One row per Microsoft Entra tenant.</summary>
    Tenant,

    /// <summary>One row per department, as Microsoft Graph names it; small departments fold into "other".</summary>
    Department,

    /// <summary>One row per allowed group of the tenant's policy; a user in two groups counts in both.</summary>
    Group,
}
