using Microsoft.Extensions.Time.Testing;
using TeamsBot.Bot;

namespace TeamsBot.Tests.Bot;

public sealed class TypingShownTests
{
    private const string Conversation = "a:1typing";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void TimeUntilDue_ShownForThisMessage_WhatIsLeftOfThreeSeconds()
    {
        var shown = new TypingShown(_clock);
        shown.Shown(Conversation, turnId: 5);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(2), shown.TimeUntilDue(Conversation, turnId: 5));
        Assert.Equal(5, shown.ShowingFor(Conversation));
    }

    [Fact]
    public void TimeUntilDue_ShownForAnEarlierMessage_DueAtOnce()
    {
        // That message was answered before a step for this one could start, perhaps by another instance.
        var shown = new TypingShown(_clock);
        shown.Shown(Conversation, turnId: 4);

        Assert.Equal(TimeSpan.Zero, shown.TimeUntilDue(Conversation, turnId: 5));
        Assert.Equal(4, shown.ShowingFor(Conversation));
    }

    [Fact]
    public void ShownAt_ByAnotherInstanceASecondAgo_StepWaitsForTheRest()
    {
        var shown = new TypingShown(_clock);

        shown.ShownAt(Conversation, turnId: 5, _clock.GetUtcNow() - TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(2), shown.TimeUntilDue(Conversation, turnId: 5));
    }

    [Fact]
    public void ShownAt_OlderThanThisInstancesOwn_KeepsTheNewer()
    {
        var shown = new TypingShown(_clock);
        shown.Shown(Conversation, turnId: 5);

        shown.ShownAt(Conversation, turnId: 5, _clock.GetUtcNow() - TimeSpan.FromSeconds(2));

        Assert.Equal(TypingShown.Lasts, shown.TimeUntilDue(Conversation, turnId: 5));
    }

    [Fact]
    public void ShownAt_RunOutOrEndedByAMessage_NothingShows()
    {
        var shown = new TypingShown(_clock);

        shown.ShownAt(Conversation, turnId: 5, _clock.GetUtcNow() - TypingShown.Lasts);
        Assert.Null(shown.ShowingFor(Conversation));

        shown.ShownAt(Conversation, turnId: 5, _clock.GetUtcNow());
        shown.MessageSent(Conversation);
        Assert.Equal(TimeSpan.Zero, shown.TimeUntilDue(Conversation, turnId: 5));
    }
}
