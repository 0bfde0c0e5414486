using Microsoft.Extensions.Time.Testing;
using TeamsBot.Cards;
using TeamsBot.Commands;
using TeamsBot.History;
using TeamsBot.Model;
using TeamsBot.Policy;
using TeamsBot.Quota;
using TeamsBot.Tests.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Commands;

public sealed class CommandServiceTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly IConversationStore _store;
    private readonly DbQuotaLedger _quotas;
    private readonly CommandService _commands;
    private EffectivePolicy _policy = TenantPolicyStageTests.Policy(messages: 40);

    public CommandServiceTests()
    {
        _store = _database.CreateStore();
        _quotas = new DbQuotaLedger(_database, new FakeTimeProvider(DateTimeOffset.UtcNow));
        _commands = new CommandService(_store, _quotas, new DelegatePolicyProvider(() => _policy),
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
        Assert.Null(await _commands.TryHandleAsync(TestTurns.Incoming(text, "a1"), null, default));
    }

    [Fact]
    public async Task TryHandleAsync_Help_NamesModelPolicyAndCommands()
    {
        var cards = await _commands.TryHandleAsync(TestTurns.Incoming(" Help ", "a1"), null, default);

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

        var cards = await _commands.TryHandleAsync(TestTurns.Incoming("usage", "a1"), null, default);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.Contains("1 of 40", json, StringComparison.Ordinal);
        Assert.Contains("1,234 of unlimited", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandleAsync_ForgetMe_AsksFirstThenDeletesOnlyThisUsersTurns()
    {
        long mine = (await _store.SaveIncomingAsync(TestTurns.Incoming("my secret plan", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(mine, "my secret plan", 3, "a good plan", 3, default);
        var other = TestTurns.Incoming("someone else's", "a2") with { UserId = "user-2" };
        await _store.SaveIncomingAsync(other, default);

        var ask = await _commands.TryHandleAsync(TestTurns.Incoming("forget me", "a3"), null, default);
        using (var before = _database.CreateDbContext())
        {
            Assert.Equal(3, before.Turns.Count());
        }

        var done = await _commands.TryHandleAsync(TestTurns.Incoming("", "a4"), CardVerbs.ForgetMeConfirm, default);

        Assert.Contains(CardVerbs.ForgetMeConfirm, CardJson.Serialize(Assert.Single(ask!)), StringComparison.Ordinal);
        Assert.Contains("2 stored messages were deleted", CardJson.Serialize(Assert.Single(done!)), StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(["user-2"], db.Turns.Select(t => t.UserId).ToList());
        Assert.DoesNotContain(db.Turns, t => t.Text.Contains("secret", StringComparison.Ordinal) || t.Text.Contains("good plan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryHandleAsync_ForgetMeCancelled_DeletesNothing()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("keep me", "a1"), default);

        await _commands.TryHandleAsync(TestTurns.Incoming("", "a2"), CardVerbs.ForgetMeCancel, default);

        using var db = _database.CreateDbContext();
        Assert.Equal(1, db.Turns.Count());
    }

    [Fact]
    public async Task TryHandleAsync_Export_ReturnsQuestionsAndAnswersInOrder()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("first question", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(q, "first question", 3, "first answer", 3, default);

        var cards = await _commands.TryHandleAsync(TestTurns.Incoming("export", "a2"), null, default);

        string json = CardJson.Serialize(Assert.Single(cards!));
        Assert.True(json.IndexOf("first question", StringComparison.Ordinal) < json.IndexOf("first answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryHandleAsync_LargeExport_SplitIntoCardsUnderTheMessageLimit()
    {
        for (int i = 0; i < 12; i++)
        {
            long q = (await _store.SaveIncomingAsync(TestTurns.Incoming(new string('q', 5000), $"a{i}"), default))!.Value;
            await _store.SaveAnswerAsync(q, new string('q', 5000), 1, new string('a', 5000), 1, default);
        }

        var cards = await _commands.TryHandleAsync(TestTurns.Incoming("export", "x"), null, default);

        Assert.True(cards!.Count > 1);
        Assert.All(cards, c => Assert.True(CardJson.Serialize(c).Length < 40_000));
    }

    [Fact]
    public async Task TryHandleAsync_TenantNotAllowed_RefusesEveryCommand()
    {
        _policy = TenantPolicyStageTests.Policy(tenantAllowed: false);

        var cards = await _commands.TryHandleAsync(TestTurns.Incoming("export", "a1"), null, default);

        Assert.Contains("not available", CardJson.Serialize(Assert.Single(cards!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryHandleAsync_NewChatButton_StartsNewContext()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("before", "a1"), default))!.Value;

        await _commands.TryHandleAsync(TestTurns.Incoming("", "a2"), CardVerbs.NewChat, default);
        long next = (await _store.SaveIncomingAsync(TestTurns.Incoming("after", "a3"), default))!.Value;

        Assert.Equal(0, (await _store.GetPendingAsync(q, default))!.ContextEpoch);
        Assert.Equal(1, (await _store.GetPendingAsync(next, default))!.ContextEpoch);
    }
}
