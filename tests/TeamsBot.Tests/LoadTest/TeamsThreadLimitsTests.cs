using System.Diagnostics;
using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class TeamsThreadLimitsTests
{
    private long _now = 1_000_000;

    [Fact]
    public void CountIsOver_SevenInOneSecond_EighthOverAndOtherConversationsApart()
    {
        var limits = new TeamsThreadLimits(() => _now);

        var first = Enumerable.Range(0, 8).Select(_ => Step(limits, "a", TimeSpan.FromMilliseconds(100))).ToArray();

        Assert.Equal([false, false, false, false, false, false, false, true], first);
        Assert.False(limits.CountIsOver("b"));
    }

    [Fact]
    public void CountIsOver_EightEveryTwoSeconds_NinthWithinTwoSecondsOverThenFreeAgain()
    {
        var limits = new TeamsThreadLimits(() => _now);

        // Four a second stay inside 7 per second; the ninth within 2 s breaks 8 per 2 s.
        var sends = Enumerable.Range(0, 9).Select(_ => Step(limits, "a", TimeSpan.FromMilliseconds(240))).ToArray();
        Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(8, sends.Count(over => !over));
        Assert.True(sends[8]);
        Assert.False(limits.CountIsOver("a"));
    }

    [Fact]
    public void CountIsOver_SixtyOneInThirtySeconds_LastOver()
    {
        var limits = new TeamsThreadLimits(() => _now);

        // One every 450 ms: inside 7/1 s and 8/2 s; 61 of them take 27 s.
        var sends = Enumerable.Range(0, 61).Select(_ => Step(limits, "a", TimeSpan.FromMilliseconds(450))).ToArray();

        Assert.All(sends[..60], over => Assert.False(over));
        Assert.True(sends[60]);
    }

    private bool Step(TeamsThreadLimits limits, string conversation, TimeSpan then)
    {
        bool over = limits.CountIsOver(conversation);
        Advance(then);
        return over;
    }

    private void Advance(TimeSpan by) => _now += (long)(by.TotalSeconds * Stopwatch.Frequency);
}
