using TeamsBot.Audit;

namespace TeamsBot.Tests.Audit;

public sealed class AuditCommandLineTests
{
    [Fact]
    public void TryParse_Verify_Verify()
    {
        Assert.True(AuditCommandLine.TryParse(["verify"], out var command, out _));
        Assert.Equal(new AuditCommandLine(AuditVerb.Verify), command);
    }

    [Fact]
    public void TryParse_ExportWithDates_BoundsCoverWholeUtcDays()
    {
        Assert.True(AuditCommandLine.TryParse(["export", "--from", "2026-01-01", "--to", "2026-12-31"], out var command, out _));

        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), command.From);
        Assert.Equal(new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990), command.To);
        Assert.Null(command.OutputPath);
    }

    [Theory]
    [InlineData("2026-03-01T10:00:00+02:00", "2026-03-01T08:00:00.0000000Z")]
    [InlineData("2026-03-01T09:30", "2026-03-01T09:30:00.0000000Z")]
    [InlineData("2026-03-01T09:30:15Z", "2026-03-01T09:30:15.0000000Z")]
    [InlineData("2026-03-01T09:30:15.25Z", "2026-03-01T09:30:15.2500000Z")]
    public void TryParse_ExportWithDateTime_ConvertedToUtc(string given, string expected)
    {
        Assert.True(AuditCommandLine.TryParse(["export", "--from", given, "--out", "audit.jsonl"], out var command, out _));

        Assert.Equal(expected, command.From!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeKind.Utc, command.From.Value.Kind);
        Assert.Equal("audit.jsonl", command.OutputPath);
    }

    [Theory]
    [InlineData()]
    [InlineData("nope")]
    [InlineData("verify", "--all")]
    [InlineData("help", "verify")]
    [InlineData("export", "--from")]
    [InlineData("export", "--from", "--to", "2026-01-01")]
    [InlineData("export", "--from", "yesterday")]
    [InlineData("export", "--from", "01/02/2026")]
    [InlineData("export", "--from", "2026-02-30")]
    [InlineData("export", "--since", "2026-01-01")]
    [InlineData("export", "--from", "2026-02-01", "--to", "2026-01-31")]
    [InlineData("export", "--out", "a.jsonl", "--out", "b.jsonl")]
    public void TryParse_BadArguments_FailsWithReason(params string[] args)
    {
        Assert.False(AuditCommandLine.TryParse(args, out var command, out string? error));
        Assert.Null(command);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
