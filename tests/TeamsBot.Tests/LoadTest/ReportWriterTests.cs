using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class ReportWriterTests
{
    private const string Document = "# Benchmarks\n\nHand-written text.\n";

    [Fact]
    public void UpdateSection_SameLabelAgain_ReplacesOnlyThatSection()
    {
        string first = ReportWriter.UpdateSection(Document, "Before: main", "old table");
        string withAfter = ReportWriter.UpdateSection(first, "After", "after table");

        string updated = ReportWriter.UpdateSection(withAfter, "Before: main", "new table");

        Assert.StartsWith(Document.TrimEnd(), updated, StringComparison.Ordinal);
        Assert.DoesNotContain("old table", updated, StringComparison.Ordinal);
        Assert.Contains("<!-- load-test:before--main -->\nnew table\n<!-- /load-test:before--main -->", updated,
            StringComparison.Ordinal);
        Assert.Contains("after table", updated, StringComparison.Ordinal);
        Assert.True(updated.IndexOf("new table", StringComparison.Ordinal) < updated.IndexOf("after table", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_ScaleComparisons_TableOfEachAndTargetsMetOnlyFromOneAndAHalfTimes()
    {
        var report = new LoadReport
        {
            Options = LoadTestOptions.Parse(["--scenarios", "scale"]),
            StartedAt = DateTimeOffset.UnixEpoch,
            LoadAverageAtStart = "1 1 1",
            ScaleCoreEach = new ScaleComparison("a core each"),
            ScaleLatencyBound = new ScaleComparison("bound by the model"),
        };
        report.ScaleCoreEach.One.Add(ScaleComparisonTests.Run(50, machineBusy: 0.8));
        report.ScaleCoreEach.Two.Add(ScaleComparisonTests.Run(60, machineBusy: 1));
        report.ScaleLatencyBound.One.Add(ScaleComparisonTests.Run(10));
        report.ScaleLatencyBound.Two.Add(ScaleComparisonTests.Run(19));

        string markdown = ReportWriter.Render(report, "abc1234");

        Assert.Contains("| Messages/s | 50.0 | 60.0 | 1.20 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Machine busy % | 80 | 100 | 1.25 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Messages/s | 10.0 | 19.0 | 1.90 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Typing indicators per message | 0.50 | 0.50 | 1.00 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Two instances scale, a core each (messages/s, 2 vs 1 instance, ≥ 1.5 ×) | 1.20 × | no |", markdown,
            StringComparison.Ordinal);
        Assert.Contains("bound by the model's latency (messages/s, 2 vs 1 instance, ≥ 1.5 ×) | 1.90 × | yes |", markdown,
            StringComparison.Ordinal);
    }
}
