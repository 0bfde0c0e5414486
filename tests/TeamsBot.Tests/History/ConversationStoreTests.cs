using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Connector;
using TeamsBot.History;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.History;

/// <summary>The store's contract, run against each storage provider.</summary>
public abstract class ConversationStoreTests : IAsyncLifetime
{
    /// <summary>
    /// One user's 1:1 chat, two threads of one channel (one id a prefix of the other), the bare channel id and a group
    /// chat.
    /// </summary>
    private static readonly (string Id, ConversationScope Scope)[] SameUsersConversations =
    [
        ("a:1personal-chat", ConversationScope.Personal),
        ("19:general@thread.tacv2;messageid=100", ConversationScope.Channel),
        ("19:general@thread.tacv2;messageid=1001", ConversationScope.Channel),
        ("19:general@thread.tacv2", ConversationScope.Channel),
        ("19:group-chat@thread.v2", ConversationScope.GroupChat),
    ];

    private IDbContextFactory<BotDbContext> _database = null!;
    private IConversationStore _store = null!;
    private TurnLedger _ledger = null!;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = new EfConversationStore(_database, TimeProvider.System);
        _ledger = new TurnLedger(_database, Options.Create(new TurnsOptions()), new ConversationSendPacer(TimeProvider.System), TimeProvider.System);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    [Fact]
    public async Task SaveIncomingAsync_SameActivityTwice_StoresOnce()
    {
        long? first = await _store.SaveIncomingAsync(TestTurns.Incoming("hello", "act-1"), default);
        long? again = await _store.SaveIncomingAsync(TestTurns.Incoming("hello", "act-1"), default);

        Assert.NotNull(first);
        Assert.Null(again);
        using var db = _database.CreateDbContext();
        Assert.Equal(1, db.Turns.Count());
    }

    [Fact]
    public async Task SaveIncomingAsync_ConcurrentDeliveries_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _store.SaveIncomingAsync(TestTurns.Incoming("hi", "act-race"), default)));
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r is not null);
    }

    [Fact]
    public async Task GetContextAsync_OnlyAnsweredTurnsOfTheEpoch_NewestFirst()
    {
        long q1 = (await _store.SaveIncomingAsync(TestTurns.Incoming("first", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(q1, "first", 3, "answer one", 4, null, [], default);
        long q2 = (await _store.SaveIncomingAsync(TestTurns.Incoming("refused", "a2"), default))!.Value;
        await _ledger.FinishAsync(q2, TurnStatus.Refused, null, default);
        long q3 = (await _store.SaveIncomingAsync(TestTurns.Incoming("current", "a3"), default))!.Value;

        var context = await _store.GetContextAsync("a:conv-1", 0, q3, 10, default);

        Assert.Equal(["answer one", "first"], context.Select(c => c.Text));
        Assert.Equal([TurnRole.Assistant, TurnRole.User], context.Select(c => c.Role));
    }

    [Fact]
    public async Task StartNewContextAsync_LaterTurnsDoNotSeeEarlierOnes_WhichStayStored()
    {
        long q1 = (await _store.SaveIncomingAsync(TestTurns.Incoming("before", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(q1, "before", 3, "old answer", 4, null, [], default);

        await _store.StartNewContextAsync("a:conv-1", default);
        long q2 = (await _store.SaveIncomingAsync(TestTurns.Incoming("after", "a2"), default))!.Value;
        var pending = await _store.GetPendingAsync(q2, default);
        var context = await _store.GetContextAsync("a:conv-1", pending!.ContextEpoch, q2, 10, default);

        Assert.Equal(1, pending.ContextEpoch);
        Assert.Empty(context);
        using var db = _database.CreateDbContext();
        Assert.Equal(3, db.Turns.Count());
    }

    [Fact]
    public async Task SaveAnswerAsync_StoresQuestionAsTheModelSawIt()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("mail me at ann@contoso.com", "a1"), default))!.Value;

        await _store.SaveAnswerAsync(q, "mail me at [EMAIL_1]", 7, "ok", 2, null, [], default);

        using var db = _database.CreateDbContext();
        var question = db.Turns.Single(t => t.Id == q);
        Assert.Equal("mail me at [EMAIL_1]", question.Text);
        Assert.Equal(TurnStatus.Answered, question.Status);
        Assert.Equal(q, db.Turns.Single(t => t.Role == TurnRole.Assistant).ReplyToId);
    }

    [Fact]
    public async Task GetPendingAsync_AnsweredTurn_ReturnsNull()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("hi", "a1"), default))!.Value;
        Assert.NotNull(await _store.GetPendingAsync(q, default));

        await _store.SaveAnswerAsync(q, "hi", 1, "hello", 1, null, [], default);

        Assert.Null(await _store.GetPendingAsync(q, default));
    }

    [Fact]
    public async Task GetContextAsync_SameUserInChatThreadsAndGroupChat_EachSeesOnlyItsOwnTurns()
    {
        // Interleaved, so turn ids alone cannot keep the conversations apart.
        for (int round = 0; round < 2; round++)
        {
            foreach (var (conversation, scope) in SameUsersConversations)
            {
                string question = $"{conversation} question {round}";
                long id = (await _store.SaveIncomingAsync(TestTurns.Incoming(question, $"{conversation}/{round}",
                    conversation, scope: scope), default))!.Value;
                await _store.SaveAnswerAsync(id, question, 3, $"{conversation} answer {round}", 3, null, [], default);
            }
        }

        var pending = new List<(string Conversation, long Id)>();
        foreach (var (conversation, scope) in SameUsersConversations)
        {
            pending.Add((conversation, (await _store.SaveIncomingAsync(
                TestTurns.Incoming("now", $"{conversation}/now", conversation, scope: scope), default))!.Value));
        }

        foreach (var (conversation, id) in pending)
        {
            var context = await _store.GetContextAsync(conversation, 0, id, 50, default);
            Assert.Equal(
                [
                    $"{conversation} answer 1", $"{conversation} question 1",
                    $"{conversation} answer 0", $"{conversation} question 0",
                ],
                context.Select(c => c.Text));
        }
    }

    [Fact]
    public async Task StartNewContextAsync_OneThread_OtherThreadOfTheChannelKeepsItsContext()
    {
        const string threadA = "19:general@thread.tacv2;messageid=100";
        const string threadB = "19:general@thread.tacv2;messageid=200";
        long a = (await _store.SaveIncomingAsync(
            TestTurns.Incoming("in A", "a1", threadA, scope: ConversationScope.Channel), default))!.Value;
        await _store.SaveAnswerAsync(a, "in A", 2, "answer A", 2, null, [], default);
        long b = (await _store.SaveIncomingAsync(
            TestTurns.Incoming("in B", "b1", threadB, scope: ConversationScope.Channel), default))!.Value;
        await _store.SaveAnswerAsync(b, "in B", 2, "answer B", 2, null, [], default);

        await _store.StartNewContextAsync(threadA, default);
        long nextA = (await _store.SaveIncomingAsync(
            TestTurns.Incoming("again A", "a2", threadA, scope: ConversationScope.Channel), default))!.Value;
        long nextB = (await _store.SaveIncomingAsync(
            TestTurns.Incoming("again B", "b2", threadB, scope: ConversationScope.Channel), default))!.Value;
        var pendingA = await _store.GetPendingAsync(nextA, default);
        var pendingB = await _store.GetPendingAsync(nextB, default);

        Assert.Empty(await _store.GetContextAsync(threadA, pendingA!.ContextEpoch, nextA, 10, default));
        Assert.Equal(["answer B", "in B"],
            (await _store.GetContextAsync(threadB, pendingB!.ContextEpoch, nextB, 10, default)).Select(c => c.Text));
        Assert.Equal(threadB, pendingB.ConversationId);
        Assert.Equal(ConversationScope.Channel, pendingB.Scope);
    }

    [Fact]
    public async Task RecordAnswerMessageAsync_SameMessageTwice_StoredOnce()
    {
        long q = await AnsweredAsync("hi", "a1");

        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);

        using var db = _database.CreateDbContext();
        var message = Assert.Single(db.AnswerMessages);
        Assert.Equal(("m-1", q), (message.MessageId, message.TurnId));
    }

    [Fact]
    public async Task RecordAnswerMessageAsync_ConcurrentCalls_OneRowNoError()
    {
        long q = await AnsweredAsync("hi", "a1");

        await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _store.RecordAnswerMessageAsync("a:conv-1", "m-race", q, default))));

        using var db = _database.CreateDbContext();
        Assert.Single(db.AnswerMessages);
    }

    [Fact]
    public async Task RecordAnswerMessageAsync_TurnForgottenMeanwhile_StoresNothingNoError()
    {
        long q = await AnsweredAsync("hi", "a1");
        await _store.ForgetUserAsync("tenant-1", "user-1", default);

        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);

        using var db = _database.CreateDbContext();
        Assert.Empty(db.AnswerMessages);
    }

    [Fact]
    public async Task SaveFeedbackAsync_RecordedMessage_StoredAgainstItsTurn()
    {
        long q = await AnsweredAsync("hi", "a1");
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-2", q, default);

        long? rated = await _store.SaveFeedbackAsync(Feedback("m-2", FeedbackReaction.Like, "spot on"), default);

        Assert.Equal(q, rated);
        using var db = _database.CreateDbContext();
        var row = Assert.Single(db.Feedback);
        Assert.Equal((q, "tenant-1", "user-1", FeedbackReaction.Like, "spot on"),
            (row.TurnId, row.TenantId, row.UserId, row.Reaction, row.Comment));
    }

    [Fact]
    public async Task SaveFeedbackAsync_SecondReactionBySameUser_ReplacesFirst()
    {
        long q = await AnsweredAsync("hi", "a1");
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-2", q, default);
        await _store.SaveFeedbackAsync(Feedback("m-1", FeedbackReaction.Like, "good"), default);

        // Another message of the same answer is the same answer.
        await _store.SaveFeedbackAsync(Feedback("m-2", FeedbackReaction.Dislike, null), default);

        using var db = _database.CreateDbContext();
        var row = Assert.Single(db.Feedback);
        Assert.Equal(FeedbackReaction.Dislike, row.Reaction);
        Assert.Null(row.Comment);
        Assert.True(row.UpdatedAt >= row.CreatedAt);
    }

    [Fact]
    public async Task SaveFeedbackAsync_AnotherUser_StoredSeparately()
    {
        long q = await AnsweredAsync("hi", "a1");
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);

        await _store.SaveFeedbackAsync(Feedback("m-1", FeedbackReaction.Like, null), default);
        await _store.SaveFeedbackAsync(Feedback("m-1", FeedbackReaction.Dislike, null, userId: "user-2"), default);

        using var db = _database.CreateDbContext();
        Assert.Equal(["user-1:Like", "user-2:Dislike"],
            db.Feedback.AsEnumerable().Select(f => $"{f.UserId}:{f.Reaction}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SaveFeedbackAsync_ConcurrentFirstReactions_OneRow()
    {
        long q = await AnsweredAsync("hi", "a1");
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => _store.SaveFeedbackAsync(
            Feedback("m-1", i % 2 == 0 ? FeedbackReaction.Like : FeedbackReaction.Dislike, null), default))));

        Assert.All(results, r => Assert.Equal(q, r));
        using var db = _database.CreateDbContext();
        Assert.Single(db.Feedback);
    }

    [Fact]
    public async Task SaveFeedbackAsync_UnknownMessage_ReturnsNullStoresNothing()
    {
        long q = await AnsweredAsync("hi", "a1");
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);

        long? rated = await _store.SaveFeedbackAsync(Feedback("m-unknown", FeedbackReaction.Like, null), default);
        long? elsewhere = await _store.SaveFeedbackAsync(
            Feedback("m-1", FeedbackReaction.Like, null) with { ConversationId = "a:conv-2" }, default);

        Assert.Null(rated);
        Assert.Null(elsewhere);
        using var db = _database.CreateDbContext();
        Assert.Empty(db.Feedback);
    }

    [Fact]
    public async Task SaveFeedbackAsync_ChannelThreadSuffixDiffers_FindsTheAnswer()
    {
        const string thread = "19:channel@thread.tacv2;messageid=1700000000001";
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("hi", "a1", conversationId: thread), default))!.Value;
        await _store.SaveAnswerAsync(q, "hi", 1, "hello", 1, null, [], default);
        await _store.RecordAnswerMessageAsync("19:channel@thread.tacv2", "m-1", q, default);

        long? rated = await _store.SaveFeedbackAsync(
            Feedback("m-1", FeedbackReaction.Like, null) with { ConversationId = thread }, default);

        Assert.Equal(q, rated);
    }

    [Fact]
    public async Task SaveFeedbackAsync_NoMessageId_LatestAnsweredTurnOfTheConversation()
    {
        long first = await AnsweredAsync("one", "a1");
        long latest = await AnsweredAsync("two", "a2");
        await _store.SaveIncomingAsync(TestTurns.Incoming("still pending", "a3"), default);
        await AnsweredAsync("other chat", "a4", "a:conv-2");

        long? rated = await _store.SaveFeedbackAsync(Feedback(null, FeedbackReaction.Dislike, null), default);

        Assert.Equal(latest, rated);
        Assert.NotEqual(first, rated);
    }

    [Fact]
    public async Task SaveFeedbackAsync_NoMessageIdAndNothingAnswered_ReturnsNull()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("still pending", "a1"), default);

        Assert.Null(await _store.SaveFeedbackAsync(Feedback(null, FeedbackReaction.Like, null), default));
    }

    [Fact]
    public async Task ForgetUserAsync_DeletesTheirFeedbackAndFeedbackOnTheirAnswers()
    {
        long mine = await AnsweredAsync("mine", "a1");
        long theirs = await AnsweredAsync("theirs", "a2", "a:conv-2", userId: "user-2");
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-mine", mine, default);
        await _store.RecordAnswerMessageAsync("a:conv-2", "m-theirs", theirs, default);
        await _store.SaveFeedbackAsync(Feedback("m-mine", FeedbackReaction.Like, "mine on mine"), default);
        await _store.SaveFeedbackAsync(Feedback("m-mine", FeedbackReaction.Like, null, userId: "user-2"), default);
        await _store.SaveFeedbackAsync(
            Feedback("m-theirs", FeedbackReaction.Dislike, "mine on theirs") with { ConversationId = "a:conv-2" }, default);
        await _store.SaveFeedbackAsync(
            Feedback("m-theirs", FeedbackReaction.Like, null, userId: "user-2") with { ConversationId = "a:conv-2" }, default);

        int deleted = await _store.ForgetUserAsync("tenant-1", "user-1", default);

        Assert.Equal(2, deleted);
        using var db = _database.CreateDbContext();
        var left = Assert.Single(db.Feedback);
        Assert.Equal(("user-2", theirs), (left.UserId, left.TurnId));
        Assert.Equal(["m-theirs"], db.AnswerMessages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task TryMarkWelcomedAsync_SameConversationTwice_TrueOnce()
    {
        bool first = await _store.TryMarkWelcomedAsync("a:new-1", default);
        bool again = await _store.TryMarkWelcomedAsync("a:new-1", default);
        bool other = await _store.TryMarkWelcomedAsync("a:new-2", default);

        Assert.Equal((true, false, true), (first, again, other));
    }

    [Fact]
    public async Task TryMarkWelcomedAsync_ConcurrentEvents_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _store.TryMarkWelcomedAsync("a:race-1", default))));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task TryMarkWelcomedAsync_WhileTheFirstMessageArrives_BothSucceed()
    {
        // Teams sends the install events as the user starts typing: the welcome must not touch the conversation
        // row the first message creates.
        var welcome = Task.Run(() => _store.TryMarkWelcomedAsync("a:conv-1", default));
        var message = Task.Run(() => _store.SaveIncomingAsync(TestTurns.Incoming("first", "a1"), default));

        Assert.True(await welcome);
        Assert.NotNull(await message);
    }

    [Fact]
    public async Task UnmarkWelcomedAsync_AfterAFailedSend_NextEventWelcomesAgain()
    {
        Assert.True(await _store.TryMarkWelcomedAsync("a:retry-1", default));

        await _store.UnmarkWelcomedAsync("a:retry-1", default);

        Assert.True(await _store.TryMarkWelcomedAsync("a:retry-1", default));
    }

    private async Task<long> AnsweredAsync(string text, string activityId, string conversationId = "a:conv-1",
        string userId = "user-1")
    {
        var message = TestTurns.Incoming(text, activityId, conversationId) with { UserId = userId };
        long q = (await _store.SaveIncomingAsync(message, default))!.Value;
        await _store.SaveAnswerAsync(q, text, 1, "answer to " + text, 1, null, [], default);
        return q;
    }

    private static AnswerFeedback Feedback(string? messageId, FeedbackReaction reaction, string? comment,
        string userId = "user-1") =>
        new("a:conv-1", messageId, "tenant-1", userId, reaction, comment);
}
