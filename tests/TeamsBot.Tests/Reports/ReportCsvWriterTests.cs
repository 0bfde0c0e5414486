using TeamsBot.Reports;

namespace TeamsBot.Tests.Reports;

public sealed class ReportCsvWriterTests
{
    [Theory]
    [InlineData("Sales", "Sales")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("+1 Dept", "'+1 Dept")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("Research, Europe", "\"Research, Europe\"")]
    [InlineData("Two\r\nlines", "\"Two\r\nlines\"")]
    [InlineData("", "")]
    public void Escape_TextCell_QuotedAsRfc4180AndNeverAFormula(string cell, string expected)
    {
        Assert.Equal(expected, ReportCsvWriter.Escape(cell));
    }

    [Fact]
    public async Task WriteAsync_Report_HeaderRowsAndTotalWithCrLf()
    {
        var user = new UserActivity("tenant-1", "user-1") { Messages = 3, TokensIn = 1000, TokensOut = 500, Refused = 1, Likes = 1 };
        user.RefusalsByRule["quota.user_tokens"] = 1;
        user.DlpFindings["email"] = 2;
        var row = new ReportRow("=cmd|' /C calc'!A0");
        row.Add(user);
        var total = new ReportRow("(total)");
        total.Add(user);
        var report = new UsageReport(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 11, 30, 23, 59, 59, 999, 999, DateTimeKind.Utc), ReportDimension.Department, 5, 1, [row],
            total, null, 0);
        var output = new StringWriter();

        await ReportCsvWriter.WriteAsync(report, output, default);

        Assert.Equal(
            "from,to,department,active_users,messages,tokens_in,tokens_out,estimated_cost,refused,quota_hits,failed,likes,dislikes,refused:quota.user_tokens,dlp:email\r\n"
            + "2026-11-01T00:00:00Z,2026-11-30T23:59:59.999999Z,'=cmd|' /C calc'!A0,1,3,1000,500,0,1,1,0,1,0,1,2\r\n"
            + "2026-11-01T00:00:00Z,2026-11-30T23:59:59.999999Z,(total),1,3,1000,500,0,1,1,0,1,0,1,2\r\n",
            output.ToString());
    }
}
