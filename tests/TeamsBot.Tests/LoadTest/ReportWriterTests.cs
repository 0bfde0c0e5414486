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
}
