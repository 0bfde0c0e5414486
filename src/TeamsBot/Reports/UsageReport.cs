namespace TeamsBot.Reports;

/// <summary>
/// A finished report: rows by the chosen dimension, and the total over everyone in the range. <see cref="Users"/> counts
/// everyone the figures describe (active users and those who only gave feedback).
/// </summary>
public sealed record UsageReport(
    DateTime FromUtc,
    DateTime ToUtc,
    ReportDimension Dimension,
    int MinGroupSize,
    int Users,
    IReadOnlyList<ReportRow> Rows,
    ReportRow Total,
    IReadOnlyList<ReportComment>? Comments,
    int UnresolvedUsers)
{
    /// <summary>Departments and groups below <see cref="MinGroupSize"/> users are reported together under this name.</summary>
    public const string OtherGroup = "(other)";

    /// <summary>Users the directory could not describe (no department, deleted, or Graph unreachable).</summary>
    public const string UnknownGroup = "(unknown)";

    /// <summary>Users in none of their tenant's allowed groups (or a tenant that allows everyone).</summary>
    public const string NoAllowedGroup = "(no allowed group)";
}
