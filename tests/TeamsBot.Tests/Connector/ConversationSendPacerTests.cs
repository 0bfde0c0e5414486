using System.Collections.Concurrent;
using TeamsBot.Connector;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Connector;

/// <summary>Teams' per-conversation windows, on a fake clock: every wait is read from the timer the pacer created.</summary>
public sealed class ConversationSendPacerTests
{
    /// <summary>Real-time safety net for awaiting a wait the fake clock has already released.</summary>
    private static readonly TimeSpan Released = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Margin = ConversationSendPacer.ArrivalMargin;

    private readonly RecordingTimeProvider _time = new();
    private readonly ConversationSendPacer _pacer;
    private readonly DateTimeOffset _start;

    public ConversationSendPacerTests()
    {
        _pacer = new ConversationSendPacer(_time);
        _start = _time.GetUtcNow();
    }

    private TimeSpan Elapsed => _time.GetUtcNow() - _start;

    [Fact]
    public async Task WaitForSlotAsync_SevenInOneSecond_PassAtOnceAndTheEighthWaitsForTheWindowAndItsMargin()
    {
        for (var i = 0; i < 7; i++)
        {
            Assert.True(_pacer.WaitForSlotAsync("a:1", CancellationToken.None).IsCompleted, $"send {i + 1}");
        }

        var eighth = _pacer.WaitForSlotAsync("a:1", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(eighth.IsCompleted);
        _time.Advance(Margin - TimeSpan.FromMilliseconds(1));
        Assert.False(eighth.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await eighth.WaitAsync(Released);

        Assert.Equal([TimeSpan.FromSeconds(1) + Margin], _time.Timers);
    }

    [Fact]
    public async Task WaitForSlotAsync_NineSendsAtOnce_TheTwoSecondWindowHoldsTheNinth()
    {
        var granted = await TakeSlotsAsync("a:1", 9);

        TimeSpan[] expected =
            [.. Enumerable.Repeat(TimeSpan.Zero, 7), TimeSpan.FromSeconds(1) + Margin, TimeSpan.FromSeconds(2) + Margin];
        Assert.Equal(expected, granted);
    }

    [Fact]
    public async Task WaitForSlotAsync_SixtyOneSendsAtOnce_TheThirtySecondWindowHoldsTheLast()
    {
        var granted = await TakeSlotsAsync("a:1", 61);

        // Eight per two seconds (and the margin) put the 60th at 7 × 2.05 s; the short windows alone would let the
        // 61st go then too.
        Assert.Equal(7 * (TimeSpan.FromSeconds(2) + Margin), granted[59]);
        Assert.Equal(TimeSpan.FromSeconds(30) + Margin, granted[60]);
    }

    [Fact]
    public async Task TryTakeOptionalSlot_AQuarterOfTheWindowLeft_RefusedNothingCountedAndTheAnswerGoesAtOnce()
    {
        // Eight sends per ten seconds: the last two (a quarter) are kept for answers.
        var pacer = new ConversationSendPacer(_time, [new SendLimit(8, TimeSpan.FromSeconds(10))]);
        for (var i = 0; i < 5; i++)
        {
            await pacer.WaitForSlotAsync("a:1", CancellationToken.None);
        }

        bool sixth = pacer.TryTakeOptionalSlot("a:1");
        bool seventh = pacer.TryTakeOptionalSlot("a:1");
        var answer = pacer.WaitForSlotAsync("a:1", CancellationToken.None);
        var lastAnswer = pacer.WaitForSlotAsync("a:1", CancellationToken.None);

        Assert.True(sixth);
        Assert.False(seventh);
        Assert.True(answer.IsCompletedSuccessfully);
        Assert.True(lastAnswer.IsCompletedSuccessfully);
        Assert.Empty(_time.Timers);
    }

    [Fact]
    public async Task TryTakeOptionalSlot_AnAnswerWaitsForItsSlot_RefusedAndTheAnswerNotPushedBack()
    {
        var pacer = new ConversationSendPacer(_time, [new SendLimit(1, TimeSpan.FromSeconds(10))]);
        await pacer.WaitForSlotAsync("a:1", CancellationToken.None);
        var waiting = pacer.WaitForSlotAsync("a:1", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(9));

        bool typing = pacer.TryTakeOptionalSlot("a:1");
        _time.Advance(TimeSpan.FromSeconds(1) + Margin);

        Assert.False(typing);
        await waiting.WaitAsync(Released);
        Assert.Equal([TimeSpan.FromSeconds(10) + Margin], _time.Timers);
    }

    [Fact]
    public void TryTakeOptionalSlot_WindowPassed_TakenAgain()
    {
        var pacer = new ConversationSendPacer(_time, [new SendLimit(4, TimeSpan.FromSeconds(10))]);
        var taken = Enumerable.Range(0, 4).Select(_ => pacer.TryTakeOptionalSlot("a:1")).ToArray();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([true, true, true, false], taken);
        Assert.True(pacer.TryTakeOptionalSlot("a:1"));
    }

    [Fact]
    public void ReserveOf_TeamsLimits_NoneInTheBriefWindowsAQuarterInTheLongOnes()
    {
        Assert.Equal([0, 0, 15, 450], SendLimit.TeamsPerConversation.Select(ConversationSendPacer.ReserveOf));
    }

    [Fact]
    public async Task TryTakeOptionalSlot_SixAnswersThisSecond_TypingTakesTheSeventhAndTheNextAnswerWaitsForTheWindow()
    {
        await TakeSlotsAsync("a:1", 6);

        bool typing = _pacer.TryTakeOptionalSlot("a:1");
        var answer = _pacer.WaitForSlotAsync("a:1", CancellationToken.None);

        // The user sees at once that the message arrived; the answer goes when Teams would take it.
        Assert.True(typing);
        Assert.False(answer.IsCompleted);
        Assert.Equal([TimeSpan.FromSeconds(1) + Margin], _time.Timers);
    }

    [Fact]
    public async Task TryTakeOptionalSlot_RightAfterAnAnswerHeldForTheMargin_GoesWhileTeamsWindowHasRoom()
    {
        // A quick exchange: each question's indicator a little after the last answer, its answer 300 ms later.
        await SendAtAsync(0, answer: true);
        foreach (int question in new[] { 30, 520, 1030, 1540 })
        {
            Assert.True(await SendAtAsync(question, answer: false), $"typing at {question} ms");
            await SendAtAsync(question + 300, answer: true);
        }

        // The last answer waited for the two-second window to drop the first one, and its margin.
        Assert.Equal(TimeSpan.FromSeconds(2) + Margin, Elapsed);

        // Ten milliseconds later Teams' own window no longer holds the indicator of 30 ms: the next one goes.
        Assert.True(await SendAtAsync(2060, answer: false));
    }

    /// <summary>At <paramref name="milliseconds"/> from the start (or when its slot comes), an answer, or an indicator
    /// tried once; whether it went.</summary>
    private async Task<bool> SendAtAsync(int milliseconds, bool answer)
    {
        var due = TimeSpan.FromMilliseconds(milliseconds) - Elapsed;
        if (due > TimeSpan.Zero)
        {
            _time.Advance(due);
        }

        if (!answer)
        {
            return _pacer.TryTakeOptionalSlot("a:1");
        }

        var timers = _time.Timers.Count;
        var wait = _pacer.WaitForSlotAsync("a:1", CancellationToken.None);
        if (!wait.IsCompleted)
        {
            _time.Advance(_time.Timers[timers]);
            await wait.WaitAsync(Released);
        }

        return true;
    }

    [Fact]
    public async Task TryTakeOptionalSlot_FortyFiveSendsInThirtySeconds_RefusedAndTheAnswerGoesAtOnce()
    {
        var granted = await TakeSlotsAsync("a:1", 45);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(Elapsed < TimeSpan.FromSeconds(30), $"the 45th went at {granted[^1]}");

        bool typing = _pacer.TryTakeOptionalSlot("a:1");

        // A conversation that keeps chatting fast loses its indicators before its answers wait.
        Assert.False(typing);
        Assert.True(_pacer.WaitForSlotAsync("a:1", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitForSlotAsync_1801SendsAtOnce_TheHourWindowHoldsTheLast()
    {
        var granted = await TakeSlotsAsync("a:1", 1801);

        Assert.True(granted[1799] < TimeSpan.FromMinutes(16), $"the 1800th went at {granted[1799]}");
        Assert.Equal(TimeSpan.FromHours(1) + Margin, granted[1800]);
    }

    [Fact]
    public void WaitForSlotAsync_OtherConversation_NotHeldBackByABusyOne()
    {
        for (var i = 0; i < 7; i++)
        {
            _ = _pacer.WaitForSlotAsync("a:busy", CancellationToken.None);
        }

        var busy = _pacer.WaitForSlotAsync("a:busy", CancellationToken.None);
        var others = Enumerable.Range(0, 7).Select(_ => _pacer.WaitForSlotAsync("a:quiet", CancellationToken.None));

        Assert.False(busy.IsCompleted);
        Assert.All(others, wait => Assert.True(wait.IsCompleted));
    }

    [Fact]
    public async Task WaitForSlotAsync_Cancelled_ThrowsAndGivesTheSlotBack()
    {
        await TakeSlotsAsync("a:1", 7);
        using var cancel = new CancellationTokenSource();
        var eighth = _pacer.WaitForSlotAsync("a:1", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => eighth);
        _time.Advance(TimeSpan.FromSeconds(1) + Margin);

        // Had the cancelled send kept its slot, the two-second window would hold this one for another second.
        Assert.True(_pacer.WaitForSlotAsync("a:1", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitForSlotAsync_AlreadyCancelled_ThrowsWithoutCounting()
    {
        await TakeSlotsAsync("a:1", 6);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _pacer.WaitForSlotAsync("a:1", new CancellationToken(canceled: true)));

        Assert.True(_pacer.WaitForSlotAsync("a:1", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitForSlotAsync_ConversationIdleForAnHour_Forgotten()
    {
        await TakeSlotsAsync("a:old", 1);
        _time.Advance(TimeSpan.FromMinutes(59));
        await TakeSlotsAsync("a:recent", 1);
        Assert.Equal(2, _pacer.TrackedConversations);

        _time.Advance(TimeSpan.FromMinutes(2));
        await TakeSlotsAsync("a:new", 1);

        // a:old's only send is over an hour ago; a:recent's still counts.
        Assert.Equal(2, _pacer.TrackedConversations);
    }

    [Fact]
    public async Task WaitForSlotAsync_ForgottenConversation_StartsAfresh()
    {
        await TakeSlotsAsync("a:1", 8);
        _time.Advance(TimeSpan.FromHours(2));
        await TakeSlotsAsync("a:2", 1);
        Assert.Equal(1, _pacer.TrackedConversations);

        var before = Elapsed;
        var granted = await TakeSlotsAsync("a:1", 7);

        Assert.All(granted, at => Assert.Equal(before, at));
    }

    [Fact]
    public async Task ReserveSlot_ManyThreadsOneConversation_NoWindowEverExceeded()
    {
        const int Threads = 4;
        const int PerThread = 400;
        var slots = new ConcurrentBag<TimeSpan>();
        using var go = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
        {
            go.Wait();
            for (var i = 0; i < PerThread; i++)
            {
                slots.Add(_pacer.ReserveSlot("19:channel@thread.tacv2"));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        go.Set();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        var ordered = slots.Order().ToArray();
        Assert.Equal(Threads * PerThread, ordered.Length);
        foreach (var limit in SendLimit.TeamsPerConversation)
        {
            // Operations + 1 consecutive sends must span at least the period and its margin, or one window may hold
            // too many when they arrive.
            var crowded = Enumerable.Range(0, Math.Max(0, ordered.Length - limit.Operations))
                .Where(i => ordered[i + limit.Operations] - ordered[i] < limit.Period + Margin)
                .ToArray();
            Assert.True(crowded.Length == 0, $"{limit}: {crowded.Length} windows over the limit, first at send {crowded.FirstOrDefault()}");
        }
    }

    /// <summary>Takes slots one after another, advancing the fake clock exactly as far as each wait; returns when
    /// each was granted, relative to the start.</summary>
    private async Task<TimeSpan[]> TakeSlotsAsync(string conversation, int count)
    {
        var granted = new TimeSpan[count];
        for (var i = 0; i < count; i++)
        {
            var timers = _time.Timers.Count;
            var wait = _pacer.WaitForSlotAsync(conversation, CancellationToken.None);
            if (!wait.IsCompleted)
            {
                _time.Advance(_time.Timers[timers]);
                await wait.WaitAsync(Released);
            }

            granted[i] = Elapsed;
        }

        return granted;
    }

    [Fact]
    public void Merge_SendsOfTheInstanceBefore_NextSendWaitsForTheirWindow()
    {
        var before = new ConversationSendPacer(_time);
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, before.ReserveSlot("a:1"));
        }

        _time.Advance(TimeSpan.FromMilliseconds(400));
        _pacer.Merge("a:1", before.SendTimesOf("a:1"));

        // Without the merge this instance would send at once: seven in the second are the other instance's.
        Assert.Equal(TimeSpan.FromMilliseconds(600) + Margin, _pacer.ReserveSlot("a:1"));
    }

    [Fact]
    public void Merge_OwnSendsHandedBack_CountedOnce()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(TimeSpan.Zero, _pacer.ReserveSlot("a:1"));
        }

        _pacer.Merge("a:1", _pacer.SendTimesOf("a:1"));

        Assert.Equal(6, _pacer.SendTimesOf("a:1").Length);
        Assert.Equal(TimeSpan.Zero, _pacer.ReserveSlot("a:1"));
    }

    [Fact]
    public void Merge_SendsOlderThanEveryWindow_LeftOut()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();

        _pacer.Merge("a:1", [now - (long)TimeSpan.FromHours(2).TotalMilliseconds, now - 500]);

        Assert.Equal([now - 500], _pacer.SendTimesOf("a:1"));
        Assert.Empty(_pacer.SendTimesOf("a:2"));
    }

    [Fact]
    public void SendTimesOf_ReservedSlot_RoundedUpToTheMillisecond()
    {
        _time.Advance(TimeSpan.FromTicks(1));

        _pacer.ReserveSlot("a:1");

        long floor = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal([floor + 1], _pacer.SendTimesOf("a:1"));
    }
}
