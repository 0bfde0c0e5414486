using TeamsBot.Reports;

namespace TeamsBot.Tests.Reports;

public sealed class ReportCommandLineTests
{
    [Fact]
    public void TryParse_FullCommand_RangeFormatAndDimension()
    {
        Assert.True(ReportCommandLine.TryParse(
            ["--from", "2026-11-01", "--to", "2026-11-30", "--format", "json", "--by", "department"], out var command, out _));

        Assert.Equal(ReportFormat.Json, command.Format);
        Assert.Equal(new ReportRequest(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 11, 30, 23, 59, 59, 999, 999, DateTimeKind.Utc), ReportDimension.Department), command.Request);
    }

    [Fact]
    public void TryParse_RangeOnly_CsvByTenant()
    {
        Assert.True(ReportCommandLine.TryParse(["--from", "2026-11-01", "--to", "2026-11-01"], out var command, out _));

        Assert.Equal(ReportFormat.Csv, command.Format);
        Assert.Equal(ReportDimension.Tenant, command.Request!.Dimension);
    }

    [Theory]
    [InlineData("Both --from and --to are required", "--from", "2026-11-01")]
    [InlineData("--by 'manager' is not one of", "--from", "2026-11-01", "--to", "2026-11-02", "--by", "manager")]
    [InlineData("--format 'xlsx' is not one of", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "xlsx")]
    [InlineData("--format '1' is not one of", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "1")]
    [InlineData("--from is later than --to", "--from", "2026-11-03", "--to", "2026-11-02")]
    [InlineData("Unknown option '--out'", "--out", "x.csv")]
    [InlineData("Option '--to' needs a value", "--from", "2026-11-01", "--to")]
    public void TryParse_BadArguments_SaysWhat(string expected, params string[] args)
    {
        Assert.False(ReportCommandLine.TryParse(args, out _, out string? error));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
