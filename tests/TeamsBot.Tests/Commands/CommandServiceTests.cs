using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Cards;
using TeamsBot.Commands;
using TeamsBot.History;
using TeamsBot.Lifecycle;
using TeamsBot.Model;
using TeamsBot.Policy;
using TeamsBot.Quota;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Commands;

public sealed class CommandServiceTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly IConversationStore _store;
    private readonly DbQuotaLedger _quotas;
    private readonly CommandService _commands;
    private readonly LegalHoldService _holds;
    private readonly FakeUserDirectory _directory = new();
    private EffectivePolicy _policy = AdmissionTests.Policy(messages: 40);

    public CommandServiceTests()
    {
        _store = _database.CreateStore();
        _quotas = new DbQuotaLedger(_database, new FakeTimeProvider(DateTimeOffset.UtcNow));
        _holds = new LegalHoldService(_database, new RecordingAuditLog(), TimeProvider.System,
            NullLogger<LegalHoldService>.Instance);
        _commands = new CommandService(_store, _quotas, _holds,
            new FixedOptionsMonitor<ModelOptions>(new ModelOptions
            {
                Provider = ModelProvider.OpenAI,
                Endpoint = new Uri("http://localhost:11434/v1"),
                Deployment = "llama3.1",
            }));
    }

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("hello")]
    [InlineData("help me write an email")]
    [InlineData("newsletter")]
    public async Task TryHandleAsync_OrdinaryMessage_NotACommand(string text)
    {
        Assert.Null(await HandleAsync(TestTurns.Incoming(text, "a1"), null));
    }

    [Fact]
    public async Task TryHandleAsync_Help_NamesModelPolicyAndCommands()
    {
        var cards = await HandleAsync(TestTurns.Incoming(" Help ", "a1"), null);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("llama3.1 (OpenAI)", json, StringComparison.Ordinal);
        Assert.Contains("v-test", json, StringComparison.Ordinal);
        Assert.Contains("forget me", json, StringComparison.Ordinal);
        Assert.Contains("\"40\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandleAsync_Usage_ShowsTodaysCounts()
    {
        await _quotas.TryStartTurnAsync(_policy, "user-1", default);
        await _quotas.RecordTokensAsync(_policy, "user-1", 1234, default);

        var cards = await HandleAsync(TestTurns.Incoming("usage", "a1"), null);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("1 of 40", json, StringComparison.Ordinal);
        Assert.Contains("1,234 of unlimited", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandleAsync_ForgetMe_AsksFirstThenDeletesOnlyThisUsersTurns()
    {
        long mine = (await _store.SaveIncomingAsync(TestTurns.Incoming("my secret plan", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(mine, "my secret plan", 3, "a good plan", 3, null, [], default);
        var other = TestTurns.Incoming("someone else's", "a2") with { UserId = "user-2" };
        await _store.SaveIncomingAsync(other, default);

        var ask = await HandleAsync(TestTurns.Incoming("forget me", "a3"), null);
        using (var before = _database.CreateDbContext())
        {
            Assert.Equal(3, before.Turns.Count());
        }

        var done = await HandleAsync(TestTurns.Incoming("", "a4"), CardVerbs.ForgetMeConfirm);

        Assert.Contains(CardVerbs.ForgetMeConfirm, CardJson.Serialize(Assert.Single(ask!)), StringComparison.Ordinal);
        Assert.Contains("2 stored messages were deleted", CardJson.Serialize(Assert.Single(done!)), StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(["user-2"], db.Turns.Select(t => t.UserId).ToList());
        Assert.DoesNotContain(db.Turns, t => t.Text.Contains("secret", StringComparison.Ordinal) || t.Text.Contains("good plan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryHandleAsync_ForgetMeUnderLegalHold_DeletesNothingAndSaysItIsHeld()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("my secret plan", "a1"), default);
        await _holds.PlaceAsync(new LegalHoldRequest("tenant-1", "user-1", null, "Matter 2026-17", "cli"), default);

        var done = await HandleAsync(TestTurns.Incoming("", "a2"), CardVerbs.ForgetMeConfirm);

        string card = CardJson.Serialize(Assert.Single(done!));
        Assert.Contains("legal hold", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Matter 2026-17", card, StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(1, db.Turns.Count());
    }

    [Fact]
    public async Task TryHandleAsync_ForgetMeWithAConversationHeld_DeletesTheRestAndSaysWhatIsHeld()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("in my chat", "a1"), default);
        await _store.SaveIncomingAsync(TestTurns.Incoming("in the group", "a2", "19:g@thread.v2",
            scope: ConversationScope.GroupChat), default);
        await _holds.PlaceAsync(new LegalHoldRequest("tenant-1", null, "19:g@thread.v2", "Matter 2026-18", "cli"), default);

        var done = await HandleAsync(TestTurns.Incoming("", "a3"), CardVerbs.ForgetMeConfirm);

        string card = CardJson.Serialize(Assert.Single(done!));
        Assert.Contains("1 stored messages were deleted", card, StringComparison.Ordinal);
        Assert.Contains("1 conversation(s) are under a legal hold", card, StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(["in the group"], db.Turns.Select(t => t.Text).ToList());
    }

    [Fact]
    public async Task TryHandleAsync_ForgetMeCancelled_DeletesNothing()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("keep me", "a1"), default);

        await HandleAsync(TestTurns.Incoming("", "a2"), CardVerbs.ForgetMeCancel);

        using var db = _database.CreateDbContext();
        Assert.Equal(1, db.Turns.Count());
    }

    [Fact]
    public async Task TryHandleAsync_Export_ReturnsQuestionsAndAnswersInOrder()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("first question", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(q, "first question", 3, "first answer", 3, null, [], default);

        var cards = await HandleAsync(TestTurns.Incoming("export", "a2"), null);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.True(json.IndexOf("first question", StringComparison.Ordinal) < json.IndexOf("first answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryHandleAsync_LargeExport_SplitIntoCardsUnderTheMessageLimit()
    {
        for (int i = 0; i < 12; i++)
        {
            long q = (await _store.SaveIncomingAsync(TestTurns.Incoming(new string('q', 5000), $"a{i}"), default))!.Value;
            await _store.SaveAnswerAsync(q, new string('q', 5000), 1, new string('a', 5000), 1, null, [], default);
        }

        var cards = await HandleAsync(TestTurns.Incoming("export", "x"), null);

        Assert.True(cards!.Count > 1);
        Assert.All(cards, c => Assert.True(CardJson.Serialize(c).Length < 40_000));
    }

    [Fact]
    public async Task TryHandleAsync_TenantNotAllowed_RefusesEveryCommand()
    {
        _policy = AdmissionTests.Policy(tenantAllowed: false);

        var cards = await HandleAsync(TestTurns.Incoming("export", "a1"), null);

        Assert.Contains("not available", CardJson.Serialize(Assert.Single(cards!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandleAsync_NewChatButton_StartsNewContext()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("before", "a1"), default))!.Value;

        await HandleAsync(TestTurns.Incoming("", "a2"), CardVerbs.NewChat);
        long next = (await _store.SaveIncomingAsync(TestTurns.Incoming("after", "a3"), default))!.Value;

        Assert.Equal(0, (await _store.GetPendingAsync(q, default))!.ContextEpoch);
        Assert.Equal(1, (await _store.GetPendingAsync(next, default))!.ContextEpoch);
    }

    [Theory]
    [InlineData("export", null, ConversationScope.Channel)]
    [InlineData("export", null, ConversationScope.GroupChat)]
    [InlineData("forget me", null, ConversationScope.Channel)]
    [InlineData("usage", null, ConversationScope.GroupChat)]
    [InlineData("", CardVerbs.ForgetMeConfirm, ConversationScope.Channel)]
    [InlineData("", CardVerbs.ForgetMeCancel, ConversationScope.GroupChat)]
    public async Task TryHandleAsync_PersonalDataCommandInASharedSpace_OnlyAPointerToThePersonalChat(string text,
        string? verb, ConversationScope scope)
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("my private question", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(q, "my private question", 3, "my private answer", 3, null, [], default);
        await _quotas.TryStartTurnAsync(_policy, "user-1", default);

        var cards = await HandleAsync(TestTurns.Incoming(text, "a2", "19:room@thread.v2", scope: scope), verb);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("personal chat", json, StringComparison.Ordinal);
        Assert.DoesNotContain("private", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Action.Submit", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Messages", json, StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(2, db.Turns.Count());
    }

    [Fact]
    public async Task TryHandleAsync_ExportInThePersonalChat_TheUsersOwnTurnsOnly()
    {
        long mine = (await _store.SaveIncomingAsync(TestTurns.Incoming("asked in the channel", "a1", "19:room@thread.v2",
            scope: ConversationScope.Channel), default))!.Value;
        await _store.SaveAnswerAsync(mine, "asked in the channel", 3, "answered in the channel", 3, null, [], default);
        long theirs = (await _store.SaveIncomingAsync(TestTurns.Incoming("a colleague's question", "a2",
            "19:room@thread.v2", userId: "user-2", scope: ConversationScope.Channel), default))!.Value;
        await _store.SaveAnswerAsync(theirs, "a colleague's question", 3, "the colleague's answer", 3, null, [], default);

        var cards = await HandleAsync(TestTurns.Incoming("export", "a3"), null);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("asked in the channel", json, StringComparison.Ordinal);
        Assert.Contains("answered in the channel", json, StringComparison.Ordinal);
        Assert.DoesNotContain("colleague", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("new", null)]
    [InlineData("", CardVerbs.NewChat)]
    public async Task TryHandleAsync_NewChatInASharedThread_CardSaysWhoResetItForEveryone(string text, string? verb)
    {
        var cards = await HandleAsync(TestTurns.Incoming(text, "a1", "19:room@thread.v2;messageid=1", userName: "Ann Example",
            scope: ConversationScope.Channel), verb);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("Ann Example started a new chat here", json, StringComparison.Ordinal);
        Assert.Contains("no longer sent to the model, for anyone", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandleAsync_NewChatInThePersonalChat_PlainNotice()
    {
        var cards = await HandleAsync(TestTurns.Incoming("new", "a1"), null);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("New chat started", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann Example", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("export", null)]
    [InlineData("usage", null)]
    [InlineData("help", null)]
    [InlineData("", CardVerbs.ForgetMeConfirm)]
    public async Task TryHandleAsync_UserOutsideTheAllowedGroups_OnlyTheRefusal(string text, string? verb)
    {
        _policy = AdmissionTests.Policy(groups: ["g-finance"]);
        _directory.Groups["user-1"] = ["g-other"];
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("keep me", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(q, "keep me", 2, "kept", 1, null, [], default);

        var cards = await HandleAsync(TestTurns.Incoming(text, "a2"), verb);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("don't have access", json, StringComparison.Ordinal);
        Assert.DoesNotContain("keep me", json, StringComparison.Ordinal);
        Assert.DoesNotContain("llama", json, StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(2, db.Turns.Count());
    }

    private async Task<IReadOnlyList<AdaptiveCard>?> HandleAsync(IncomingMessage message, string? verb)
    {
        var admitted = await new Admission(new DelegatePolicyProvider(() => _policy), _directory)
            .CheckAsync(message.TenantId, message.UserId, message.Scope, default);
        return await _commands.TryHandleAsync(message, verb, admitted, default);
    }
}
