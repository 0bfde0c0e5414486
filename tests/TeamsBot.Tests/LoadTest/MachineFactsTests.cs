using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class MachineFactsTests
{
    [Fact]
    public void CpuJiffies_AfterSpinning_BusyGrewAndNeverExceedsTotal()
    {
        var before = MachineFacts.CpuJiffies();

        // Busy for longer than a jiffy (at most 10 ms) on this thread.
        var spinning = System.Diagnostics.Stopwatch.StartNew();
        while (spinning.ElapsedMilliseconds < 100)
        {
        }

        var after = MachineFacts.CpuJiffies();
        Assert.True(after.Busy > before.Busy);
        Assert.True(after.Total - before.Total >= after.Busy - before.Busy);
        Assert.InRange(after.Busy, 0, after.Total);
    }
}
