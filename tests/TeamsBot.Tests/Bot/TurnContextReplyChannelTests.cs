using System.Net;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using TeamsBot.Bot;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Bot;

public sealed class TurnContextReplyChannelTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1.5);

    /// <summary>The stored message the channel's step answers.</summary>
    private const long StepTurn = 7;
    private readonly RecordingBotAdapter _adapter = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly List<string> _recordedIds = [];

    [Fact]
    public async Task Personal_Answer_InformativeThenBufferedUpdatesThenFinalCard()
    {
        await using var channel = Channel(ConversationScope.Personal);

        await OpenStreamAsync(channel, static text => text);
        await channel.AppendAnswerAsync("Hel", default);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("lo", default);
        await channel.AppendAnswerAsync(" world", default);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("!", default);
        await channel.SendAnswerAsync("Hello world!", null, default);

        var sent = _adapter.Sent;
        Assert.Equal(4, sent.Count);
        AssertStream(sent[0], ActivityTypes.Typing, "informative", sequence: 1, streamId: null);
        Assert.Equal("Thinking…", sent[0].Text);
        AssertStream(sent[1], ActivityTypes.Typing, "streaming", sequence: 2, streamId: "m1");
        Assert.Equal("Hello", sent[1].Text);
        AssertStream(sent[2], ActivityTypes.Typing, "streaming", sequence: 3, streamId: "m1");
        Assert.Equal("Hello world!", sent[2].Text);
        var final = sent[3];
        AssertStream(final, ActivityTypes.Message, "final", sequence: null, streamId: "m1");
        Assert.Equal("Hello world!", CardText(final));
        AssertAnswerFeatures(final);
        // Teams may know the streamed message by its stream id or by the final's id: both lead to the turn.
        Assert.Equal(["m1", "m4"], _recordedIds);
    }

    [Fact]
    public async Task Personal_AnswerCompleteBeforeOpenAfter_OneCardAfterTypingAndNoStream()
    {
        await using var channel = Channel(ConversationScope.Personal);

        channel.StartTyping();
        await channel.BeginAnswerAsync(static text => text, default);
        await channel.AppendAnswerAsync("Forty-", default);
        _clock.Advance(new StreamingOptions().OpenAfter - TimeSpan.FromMilliseconds(1));
        await channel.AppendAnswerAsync("two.", default);
        await channel.SendAnswerAsync("Forty-two.", null, default);

        var sent = _adapter.Sent;
        Assert.All(sent, a => Assert.Null(StreamInfo(a)));
        Assert.Equal([ActivityTypes.Typing, ActivityTypes.Message], sent.Select(a => a.Type));
        Assert.Equal("Forty-two.", CardText(sent[1]));
        AssertAnswerFeatures(sent[1]);
        Assert.Equal(["m2"], _recordedIds);
    }

    [Fact]
    public async Task Personal_FirstTextAfterOpenAfter_OpensTheStreamThen()
    {
        await using var channel = Channel(ConversationScope.Personal);

        await channel.BeginAnswerAsync(static text => text, default);
        _clock.Advance(new StreamingOptions().OpenAfter);
        int beforeText = _adapter.Sent.Count;
        await channel.AppendAnswerAsync("Slow ", default);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("answer", default);
        await channel.SendAnswerAsync("Slow answer", null, default);

        var sent = _adapter.Sent;
        Assert.Equal(0, beforeText);
        AssertStream(sent[0], ActivityTypes.Typing, "informative", sequence: 1, streamId: null);
        AssertStream(sent[1], ActivityTypes.Typing, "streaming", sequence: 2, streamId: "m1");
        Assert.Equal("Slow answer", sent[1].Text);
        AssertStream(sent[^1], ActivityTypes.Message, "final", sequence: null, streamId: "m1");
    }

    [Fact]
    public async Task StartTyping_IndicatorStillShowingFromReceipt_NextOneOnlyWhenItRunsOut()
    {
        var shown = new TypingShown(_clock);
        shown.Shown("conversation-1", StepTurn);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await using var channel = Channel(ConversationScope.Personal, typingShown: shown);

        channel.StartTyping();
        await Task.Yield();
        int whileShowing = _adapter.Sent.Count;
        _clock.Advance(TypingShown.Lasts - TimeSpan.FromSeconds(1));
        await WaitForSentAsync(1);

        Assert.Equal(0, whileShowing);
        Assert.Equal(ActivityTypes.Typing, Assert.Single(_adapter.Sent).Type);
    }

    [Fact]
    public async Task StartTyping_IndicatorShownHereForAnEarlierMessage_SentAtOnce()
    {
        // This instance showed an indicator for the message before; another instance answered it, which ended the
        // indicator without this one knowing. The step for the next message could only start after that answer.
        var shown = new TypingShown(_clock);
        shown.Shown("conversation-1", StepTurn - 1);
        await using var channel = Channel(ConversationScope.Personal, typingShown: shown);

        channel.StartTyping();
        await WaitForSentAsync(1);

        Assert.Equal(ActivityTypes.Typing, Assert.Single(_adapter.Sent).Type);
    }

    [Fact]
    public async Task StartTyping_SharedSpaceWithTheReceiptsIndicatorShowing_SentInTheAskersThreadAtOnce()
    {
        var shown = new TypingShown(_clock);
        shown.Shown("conversation-1", StepTurn);
        await using var channel = Channel(ConversationScope.Channel, typingShown: shown);

        channel.StartTyping();
        await WaitForSentAsync(1);

        Assert.Equal(ActivityTypes.Typing, Assert.Single(_adapter.Sent).Type);
    }

    [Fact]
    public async Task SendAnswerAsync_AfterTyping_TheNextIndicatorIsDueAtOnce()
    {
        var shown = new TypingShown(_clock);
        await using var channel = Channel(ConversationScope.GroupChat, typingShown: shown);

        channel.StartTyping();
        await WaitForSentAsync(1);
        await WaitForDueAsync(shown, due => due > TimeSpan.Zero);
        await channel.SendAnswerAsync("Forty-two.", null, default);

        // Teams hides the indicator when the answer arrives: the next question's indicator must not wait for it.
        Assert.Equal(TimeSpan.Zero, shown.TimeUntilDue("conversation-1", StepTurn));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Personal_StreamRefused_FallsBackToTypingAndOneCard(HttpStatusCode refusal)
    {
        _adapter.FailNext(a => StreamInfo(a) is not null, refusal);
        await using var channel = Channel(ConversationScope.Personal);

        await channel.BeginAnswerAsync(static text => text, default);
        await channel.AppendAnswerAsync("Hello ", default);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("world", default);
        await channel.SendAnswerAsync("Hello world", null, default);

        var sent = _adapter.Sent;
        Assert.All(sent, a => Assert.Null(StreamInfo(a)));
        Assert.Equal(ActivityTypes.Typing, sent[0].Type);
        var message = Assert.Single(sent, a => a.Type == ActivityTypes.Message);
        Assert.Same(sent[^1], message);
        Assert.Equal("Hello world", CardText(message));
        AssertAnswerFeatures(message);
    }

    [Theory]
    [InlineData(ConversationScope.GroupChat)]
    [InlineData(ConversationScope.Channel)]
    public async Task SharedSpace_Answer_TypingThenOneCardNamingTheAsker(ConversationScope scope)
    {
        await using var channel = Channel(scope);

        channel.StartTyping();
        await channel.BeginAnswerAsync(static text => text, default);
        await channel.AppendAnswerAsync("Forty-two.", default);
        _clock.Advance(Interval);
        await channel.SendAnswerAsync("Forty-two.", null, default);

        var sent = _adapter.Sent;
        Assert.All(sent, a => Assert.Null(StreamInfo(a)));
        Assert.Equal(ActivityTypes.Typing, sent[0].Type);
        var message = Assert.Single(sent, a => a.Type == ActivityTypes.Message);
        var card = (JObject)message.Attachments[0].Content;
        Assert.Equal("<at>Ann Example</at>", card.SelectToken("body[0].text")!.ToString());
        Assert.Equal("29:user", card.SelectToken("msteams.entities[0].mentioned.id")!.ToString());
        AssertAnswerFeatures(message);
    }

    [Fact]
    public async Task Personal_UpdateThrottled_SkipsUntilRetryAfterAndKeepsTheSequence()
    {
        await using var channel = Channel(ConversationScope.Personal);
        await OpenStreamAsync(channel, static text => text);
        _adapter.FailNext(a => StreamInfo(a)?.Value<string>("streamType") == "streaming", HttpStatusCode.TooManyRequests,
            TimeSpan.FromSeconds(5));

        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("One", default);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync(" two", default);
        int afterThrottle = _adapter.Sent.Count;
        _clock.Advance(TimeSpan.FromSeconds(4));
        await channel.AppendAnswerAsync(" three", default);

        Assert.Equal(1, afterThrottle);
        var update = _adapter.Sent[^1];
        AssertStream(update, ActivityTypes.Typing, "streaming", sequence: 2, streamId: "m1");
        Assert.Equal("One two three", update.Text);
    }

    [Fact]
    public async Task Personal_StreamClosedByUser_SendsNothingMore()
    {
        await using var channel = Channel(ConversationScope.Personal);
        await OpenStreamAsync(channel, static text => text);
        _adapter.FailNext(a => StreamInfo(a) is not null, HttpStatusCode.Forbidden);

        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("Partial", default);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync(" and more", default);
        await channel.SendAnswerAsync("Partial and more", null, default);

        Assert.Single(_adapter.Sent);
        Assert.Empty(_recordedIds);
    }

    [Fact]
    public async Task Personal_StreamReachesTimeLimit_FinishesInPlaceThenSendsTheRestOnce()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Paragraph {i}.").ToArray();
        string answer = string.Join("\n\n", paragraphs);
        await using var channel = Channel(ConversationScope.Personal,
            new StreamingOptions { MaxDuration = TimeSpan.FromSeconds(10) });
        await OpenStreamAsync(channel, static text => text);

        for (int i = 0; i < paragraphs.Length; i++)
        {
            _clock.Advance(Interval);
            await channel.AppendAnswerAsync((i == 0 ? string.Empty : "\n\n") + paragraphs[i], default);
        }

        await channel.SendAnswerAsync(answer, "Redacted: 1 email address", default);

        var messages = _adapter.Sent.Where(a => a.Type == ActivityTypes.Message).ToArray();
        Assert.Equal(2, messages.Length);
        AssertStream(messages[0], ActivityTypes.Message, "final", sequence: null, streamId: "m1");
        Assert.Equal(AnswerActivities.ContinuedNote, Note(messages[0]));
        Assert.Null(StreamInfo(messages[1]));
        Assert.Equal("Redacted: 1 email address", Note(messages[1]));
        // Every paragraph arrives exactly once, in order, across the two messages.
        Assert.Equal(paragraphs, messages.SelectMany(m => CardText(m).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)).ToArray());
        Assert.All(messages, AssertAnswerFeatures);
        Assert.Equal(3, _recordedIds.Distinct().Count());
    }

    [Fact]
    public async Task Personal_Updates_ShowOnlyTheVisiblePartAskedForOncePerUpdate()
    {
        await using var channel = Channel(ConversationScope.Personal);
        var asked = new List<string>();
        await OpenStreamAsync(channel, text =>
        {
            asked.Add(text);
            return text.Replace("4012 8888 8888 1881", "[CARD_1]", StringComparison.Ordinal);
        });

        _clock.Advance(Interval);
        foreach (string piece in (string[])["Card ", "4012 88", "88 8888", " 1881", " noted"])
        {
            await channel.AppendAnswerAsync(piece, default);
        }

        _clock.Advance(Interval);
        await channel.AppendAnswerAsync(".", default);

        var updates = _adapter.Sent.Where(a => StreamInfo(a)?.Value<string>("streamType") == "streaming").ToArray();
        Assert.Equal(["Card ", "Card [CARD_1] noted."], updates.Select(u => u.Text));
        // One look per update: not one per piece of text.
        Assert.Equal(["Card ", "Card 4012 8888 8888 1881 noted."], asked);
    }

    [Fact]
    public async Task Personal_NothingVisibleYet_NoUpdateUntilSomethingIs()
    {
        await using var channel = Channel(ConversationScope.Personal);
        await OpenStreamAsync(channel, static text => text.Contains(' ', StringComparison.Ordinal) ? text : string.Empty);

        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("AKIA", default);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("IOSF", default);
        int beforeVisible = _adapter.Sent.Count;
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync(" done", default);

        Assert.Equal(1, beforeVisible);
        Assert.Equal("AKIAIOSF done", _adapter.Sent[^1].Text);
    }

    [Fact]
    public async Task Personal_StreamReachesTimeLimit_FinishedPartIsTheVisiblePartAndTheRestFollowsOnce()
    {
        await using var channel = Channel(ConversationScope.Personal,
            new StreamingOptions { MaxDuration = TimeSpan.FromSeconds(10) });
        await OpenStreamAsync(channel, static text => text.Replace("ann@contoso.com", "[EMAIL_1]",
            StringComparison.Ordinal));

        for (int i = 1; i <= 8; i++)
        {
            _clock.Advance(Interval);
            await channel.AppendAnswerAsync($"Line {i} to ann@contoso.com.\n\n", default);
        }

        string scanned = string.Concat(Enumerable.Range(1, 8).Select(i => $"Line {i} to [EMAIL_1].\n\n")).TrimEnd();
        await channel.SendAnswerAsync(scanned, null, default);

        var messages = _adapter.Sent.Where(a => a.Type == ActivityTypes.Message).ToArray();
        Assert.Equal(2, messages.Length);
        Assert.DoesNotContain(_adapter.Sent, a => (a.Text ?? string.Empty).Contains("ann@", StringComparison.Ordinal)
            || (a.Attachments?.Any(c => c.Content.ToString()!.Contains("ann@", StringComparison.Ordinal)) ?? false));
        Assert.Equal(scanned.Split("\n\n"),
            messages.SelectMany(m => CardText(m).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)).ToArray());
    }

    [Fact]
    public async Task Personal_ScannedAnswerDoesNotBeginWithWhatTheTimeLimitDelivered_SentWhole()
    {
        await using var channel = Channel(ConversationScope.Personal,
            new StreamingOptions { MaxDuration = TimeSpan.FromSeconds(3) });
        await OpenStreamAsync(channel, static text => text);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("First part.\n\n", default);
        _clock.Advance(Interval * 2);
        await channel.AppendAnswerAsync("Second part.", default);

        await channel.SendAnswerAsync("[PROJECT_1] part.\n\nSecond part.", null, default);

        var last = _adapter.Sent[^1];
        Assert.Equal("[PROJECT_1] part.\n\nSecond part.", CardText(last));
    }

    [Fact]
    public async Task Personal_FailureAfterPartialStream_CardEndsTheStream()
    {
        await using var channel = Channel(ConversationScope.Personal);
        await OpenStreamAsync(channel, static text => text);
        _clock.Advance(Interval);
        await channel.AppendAnswerAsync("Half an ans", default);

        await channel.SendCardAsync(BotCards.Problem("The model stopped", "It stopped.", "Ask again."), default);

        var final = _adapter.Sent[^1];
        AssertStream(final, ActivityTypes.Message, "final", sequence: null, streamId: "m1");
        Assert.Contains("The model stopped", final.Attachments[0].Content.ToString(), StringComparison.Ordinal);
        Assert.Null(final.ChannelData is JObject data ? data["feedbackLoopEnabled"] : null);
    }

    [Fact]
    public async Task SendCardAsync_WhileTypingWaitsForTheNextIndicator_TypingEndsWithoutException()
    {
        using var thrown = new FirstChanceExceptionCounter<TaskCanceledException>(typeof(TurnContextReplyChannel),
            "KeepTypingAsync");
        await using var channel = Channel(ConversationScope.Personal);
        channel.StartTyping();
        await WaitForSentAsync(1);

        await channel.SendCardAsync(BotCards.Notice("Done", "All done."), default);

        Assert.Equal([ActivityTypes.Typing, ActivityTypes.Message], _adapter.Sent.Select(a => a.Type));
        Assert.Equal(0, thrown.Count);
    }

    [Theory]
    [InlineData(ConversationScope.Personal)]
    [InlineData(ConversationScope.GroupChat)]
    [InlineData(ConversationScope.Channel)]
    public async Task SendCardAsync_WhileTheIndicatorIsInFlight_ItFinishesAndArrivesBeforeTheAnswer(
        ConversationScope scope)
    {
        var typing = _adapter.HoldNext(a => a.Type == ActivityTypes.Typing);
        await using var channel = Channel(scope);
        channel.StartTyping();
        await typing.Started.WaitAsync(TimeSpan.FromSeconds(10));

        var answer = channel.SendCardAsync(BotCards.Notice("Done", "All done."), default);
        await Task.Delay(100);
        Assert.False(answer.IsCompleted, "the answer did not wait for the indicator on its way");
        typing.Release();
        await answer.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([ActivityTypes.Typing, ActivityTypes.Message], _adapter.Sent.Select(a => a.Type));
    }

    [Fact]
    public async Task SendCardAsync_IndicatorInFlightLongerThanTheGrace_CutOffAndTheAnswerGoes()
    {
        var typing = _adapter.HoldNext(a => a.Type == ActivityTypes.Typing);
        await using var channel = Channel(ConversationScope.GroupChat);
        channel.StartTyping();
        await typing.Started.WaitAsync(TimeSpan.FromSeconds(10));

        var answer = channel.SendCardAsync(BotCards.Notice("Done", "All done."), default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!answer.IsCompleted)
        {
            // The grace is timed on the channel's clock; its timer starts once the answer stopped the typing loop.
            _clock.Advance(TurnContextReplyChannel.TypingInFlightGrace);
            await Task.Delay(10, timeout.Token);
        }

        await answer;
        Assert.Equal(ActivityTypes.Message, Assert.Single(_adapter.Sent).Type);
    }

    [Fact]
    public async Task SendCardAsync_WhileTypingWaitsForTheReceiptsIndicator_TypingEndsWithoutException()
    {
        using var thrown = new FirstChanceExceptionCounter<TaskCanceledException>(typeof(TurnContextReplyChannel),
            "KeepTypingAsync");
        var shown = new TypingShown(_clock);
        shown.Shown("conversation-1", StepTurn);
        await using var channel = Channel(ConversationScope.Personal, typingShown: shown);
        channel.StartTyping();

        await channel.SendCardAsync(BotCards.Notice("Done", "All done."), default);

        Assert.Equal(ActivityTypes.Message, Assert.Single(_adapter.Sent).Type);
        Assert.Equal(0, thrown.Count);
    }

    [Fact]
    public async Task Personal_StreamingDisabled_OneCard()
    {
        await using var channel = Channel(ConversationScope.Personal, new StreamingOptions { Enabled = false });

        await channel.BeginAnswerAsync(static text => text, default);
        await channel.AppendAnswerAsync("Hi", default);
        await channel.SendAnswerAsync("Hi", null, default);

        var message = Assert.Single(_adapter.Sent);
        Assert.Null(StreamInfo(message));
    }

    /// <summary>Begins an answer and lets it run past <see cref="StreamingOptions.OpenAfter"/>: the stream is open.</summary>
    private async Task OpenStreamAsync(TurnContextReplyChannel channel, Func<string, string> visiblePart)
    {
        await channel.BeginAnswerAsync(visiblePart, default);
        _clock.Advance(new StreamingOptions().OpenAfter);
        await channel.AppendAnswerAsync(string.Empty, default);
    }

    private TurnContextReplyChannel Channel(ConversationScope scope, StreamingOptions? options = null,
        TypingShown? typingShown = null) =>
        new(_adapter.NewTurn(), new ReplyAudience(scope, "29:user", "Ann Example"), options ?? new StreamingOptions(),
            _clock, NullLogger.Instance, (id, _) =>
            {
                _recordedIds.Add(id);
                return Task.CompletedTask;
            }, typingShown?.ForStep(StepTurn));

    /// <summary>Typing runs on its own task: waits (real time, bounded) until the indicator is recorded.</summary>
    private static async Task WaitForDueAsync(TypingShown shown, Func<TimeSpan, bool> until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!until(shown.TimeUntilDue("conversation-1", StepTurn)))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Typing runs on its own task: waits (real time, bounded) until that many activities were sent.</summary>
    private async Task WaitForSentAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_adapter.Sent.Count < count)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static JObject? StreamInfo(Activity activity) =>
        activity.Entities?.FirstOrDefault(e => e.Type == "streaminfo")?.Properties;

    private static void AssertStream(Activity activity, string type, string streamType, int? sequence, string? streamId)
    {
        Assert.Equal(type, activity.Type);
        var info = StreamInfo(activity);
        Assert.NotNull(info);
        Assert.Equal(streamType, info.Value<string>("streamType"));
        Assert.Equal(sequence, info.Value<int?>("streamSequence"));
        Assert.Equal(streamId, info.Value<string>("streamId"));
        var channelData = (JObject)activity.ChannelData;
        Assert.Equal(streamType, channelData.Value<string>("streamType"));
        Assert.Equal(streamId, channelData.Value<string>("streamId"));
    }

    private static void AssertAnswerFeatures(Activity message)
    {
        Assert.True(((JObject)message.ChannelData).Value<bool>("feedbackLoopEnabled"));
        Assert.Contains(message.Entities, e => e.Properties["additionalType"]?[0]?.ToString() == "AIGeneratedContent");
    }

    private static string CardText(Activity message)
    {
        var body = (JArray)((JObject)message.Attachments[0].Content)["body"]!;
        return body.First(b => b.Value<string>("text") is { } t && !t.StartsWith("<at>", StringComparison.Ordinal))
            .Value<string>("text")!;
    }

    private static string? Note(Activity message) =>
        ((JObject)message.Attachments[0].Content).SelectToken("body[-1:].text")?.ToString();
}
