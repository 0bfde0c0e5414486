using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class ScaleComparisonTests
{
    [Fact]
    public void Ratio_RoundsOfEach_MedianOfTwoOverMedianOfOne()
    {
        var scale = new ScaleComparison("setting");
        scale.One.AddRange([Run(10), Run(40), Run(12)]);
        scale.Two.AddRange([Run(30), Run(18), Run(21)]);

        Assert.Equal(21.0 / 12.0, scale.Ratio, 9);
    }

    [Fact]
    public void Ratio_OnlyOneSideRan_NaN()
    {
        var scale = new ScaleComparison("setting");
        scale.One.Add(Run(10));

        Assert.True(double.IsNaN(scale.Ratio));
    }

    internal static RunResult Run(double messagesPerSecond, double machineBusy = 0.5) => new()
    {
        Bot = "TeamsBot",
        Conversations = 50,
        MessagesPerConversation = 4,
        Answered = 200,
        Seconds = 200 / messagesPerSecond,
        AckMilliseconds = [10, 20],
        FirstSignMilliseconds = [30, 40],
        EndToEndMilliseconds = [50, 60],
        CpuMilliseconds = 2000,
        MachineBusy = machineBusy,
        ConnectorCalls = 300,
        TypingIndicators = 100,
        OverTeamsLimits = 0,
        PeakRssBytes = 200L << 20,
        IdleRssBytes = 100L << 20,
        Ledger = new LedgerSummary(200, 0, 0, 0),
        FailedPosts = 0,
    };
}
