using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Connector;
using TeamsBot.History;
using TeamsBot.Pipeline;
using TeamsBot.Storage;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.Turns;

/// <summary>Claims and leases on real PostgreSQL, two ledgers standing for two instances.</summary>
public sealed class TurnLedgerTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private IDbContextFactory<BotDbContext> _database = null!;
    private EfConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _store = new EfConversationStore(_database, _clock);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ClaimAsync_TwoInstancesRace_EachConversationClaimedByOneOnly()
    {
        for (int i = 0; i < 40; i++)
        {
            await _store.SaveIncomingAsync(TestTurns.Incoming($"q{i}", $"a{i}", conversationId: $"a:race-{i}"), default);
        }

        var (a, b) = (Ledger("a"), Ledger("b"));
        var all = new List<string>();
        List<string>[] round;
        do
        {
            // Both instances at once, over and over, on the same candidates.
            round = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Claim(i % 2 == 0 ? a : b, 4)));
            all.AddRange(round.SelectMany(c => c));
        }
        while (round.Any(c => c.Count > 0));

        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ClaimAsync_HolderStopsRenewing_OtherTakesOverOnlyAfterTheLease()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("q", "a1", conversationId: "a:lapse"), default);
        var (dead, live) = (Ledger("dead"), Ledger("live"));
        Assert.Equal(["a:lapse"], await Claim(dead));

        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await Claim(live));
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["a:lapse"], await Claim(live));
        Assert.False(await dead.RenewAsync("a:lapse", default));
        Assert.True(await live.RenewAsync("a:lapse", default));
    }

    [Fact]
    public async Task ClaimAsync_HeadDeferred_ConversationNotClaimableUntilDue()
    {
        long first = (await _store.SaveIncomingAsync(TestTurns.Incoming("one", "d1", conversationId: "a:defer"), default))!.Value;
        await _store.SaveIncomingAsync(TestTurns.Incoming("two", "d2", conversationId: "a:defer"), default);
        var ledger = Ledger("a");
        await ledger.DeferAsync(first, _clock.GetUtcNow().AddSeconds(30), waitNoticeSent: true, default);

        Assert.Empty(await Claim(ledger));
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(["a:defer"], await Claim(ledger));
        var work = await ledger.NextAsync("a:defer", default);

        Assert.Equal(first, work!.Turn.TurnId);
        Assert.True(work.Turn.WaitNoticeSent);
        Assert.Equal(0, work.Attempts);
    }

    [Fact]
    public async Task NextAsync_AnsweredNotDelivered_IsDeliveryOfTheStoredAnswer()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("q", "o1", conversationId: "a:outbox"), default))!.Value;
        await _store.SaveAnswerAsync(q, "q", 1, "the answer [1]", 2, "a note",
            [new AnswerCitation(1, "leave.pdf, p. 2", "25 days a year")], default);
        var ledger = Ledger("a");
        Assert.Equal(["a:outbox"], await Claim(ledger));

        var work = await ledger.NextAsync("a:outbox", default);
        await ledger.MarkDeliveredAsync(q, default);
        await ledger.ReleaseAsync("a:outbox", default);

        Assert.Equal(TurnWorkKind.Deliver, work!.Kind);
        Assert.Equal(("the answer [1]", "a note"), (work.Answer, work.AnswerNote));
        Assert.Equal([new AnswerCitation(1, "leave.pdf, p. 2", "25 days a year")], work.Citations);
        Assert.Empty(await Claim(ledger));
    }

    [Fact]
    public async Task ClaimAsync_ClaimQueryTakesSeconds_LeaseRunsFromTheClaimNotFromBeforeTheQuery()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("q", "c1", conversationId: "a:cold"), default);
        await using var probe = await _database.CreateDbContextAsync();
        // A cold process: the first query compiles and connects for seconds before the claim's update runs.
        var cold = Ledger("cold", new SlowReadContexts(probe.Database.GetConnectionString()!, _clock, TimeSpan.FromSeconds(8)));
        Assert.Equal(["a:cold"], await Claim(cold));

        // Less than a lease after the claim, but more than a lease after the claim began.
        _clock.Advance(Lease - TimeSpan.FromSeconds(2));

        Assert.Empty(await Claim(Ledger("warm")));
        Assert.True(await cold.RenewAsync("a:cold", default));
    }

    [Fact]
    public async Task ReleaseAsync_HolderSentItsBudget_NextHolderWaitsForTheseSends()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("one", "h1", conversationId: "a:handoff"), default);
        await _store.SaveIncomingAsync(TestTurns.Incoming("two", "h2", conversationId: "a:handoff"), default);
        var (pacerA, pacerB) = (new ConversationSendPacer(_clock), new ConversationSendPacer(_clock));
        var (a, b) = (Ledger("a", pacerA), Ledger("b", pacerB));
        Assert.Equal(["a:handoff"], await Claim(a));
        Assert.NotNull(await a.NextAsync("a:handoff", default));
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacerA.ReserveSlot("a:handoff"));
        }

        await a.ReleaseAsync("a:handoff", default);
        Assert.Equal(["a:handoff"], await Claim(b));
        Assert.NotNull(await b.NextAsync("a:handoff", default));

        // Seven sends in this second were A's: B's first waits for the window, as A's eighth would have (a
        // millisecond more at most: handed-on times are rounded up, and the clock here is not on a millisecond).
        var window = TimeSpan.FromSeconds(1) + ConversationSendPacer.ArrivalMargin;
        Assert.InRange(pacerB.ReserveSlot("a:handoff"), window, window + TimeSpan.FromMilliseconds(2));
    }

    [Fact]
    public async Task TryRecordOptionalSendAsync_OtherInstanceHoldsTheLease_NotSentUntilReleasedThenCountedByTheHolder()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("one", "t1", conversationId: "a:typing"), default);
        var (pacerA, pacerB) = (new ConversationSendPacer(_clock), new ConversationSendPacer(_clock));
        var (a, b) = (Ledger("a", pacerA), Ledger("b", pacerB));
        Assert.Equal(["a:typing"], await Claim(a));

        Assert.False(await b.TryRecordOptionalSendAsync("a:typing", 1, null, default));
        Assert.Empty(pacerB.SendTimesOf("a:typing"));
        await a.ReleaseAsync("a:typing", default);
        Assert.True(await b.TryRecordOptionalSendAsync("a:typing", 1, null, default));
        Assert.Equal(["a:typing"], await Claim(a));
        Assert.NotNull(await a.NextAsync("a:typing", default));

        Assert.Equal(pacerB.SendTimesOf("a:typing"), pacerA.SendTimesOf("a:typing"));
        Assert.Single(pacerA.SendTimesOf("a:typing"));
    }

    [Fact]
    public async Task TryRecordOptionalSendAsync_IndicatorShownForAMessageAnsweredByTheOtherInstance_SentForTheNext()
    {
        long first = (await _store.SaveIncomingAsync(TestTurns.Incoming("one", "s1", conversationId: "a:shown"), default))!.Value;
        var (a, b) = (Ledger("a"), Ledger("b"));

        // B showed an indicator for the first message; A has not answered it yet: that indicator still shows.
        Assert.False(await b.TryRecordOptionalSendAsync("a:shown", first, first, default));

        Assert.Equal(["a:shown"], await Claim(a));
        await using (var db = await _database.CreateDbContextAsync())
        {
            Assert.True(await TurnLedger.MarkAnsweredAsync(db, first, "one", 1, default));
        }

        await a.MarkDeliveredAsync(first, default);
        await a.ReleaseAsync("a:shown", default);
        long second = (await _store.SaveIncomingAsync(TestTurns.Incoming("two", "s2", conversationId: "a:shown"), default))!.Value;

        // Before: B knew only its own sends, so took the indicator for the first message to be showing still, and
        // showed nothing for the second. A's answer ended it.
        Assert.True(await b.TryRecordOptionalSendAsync("a:shown", second, first, default));
    }

    [Fact]
    public async Task NextAsync_OtherInstanceShowedTheIndicatorAtReceipt_TheStepKnowsWhenUntilTheHolderReleases()
    {
        long turn = (await _store.SaveIncomingAsync(TestTurns.Incoming("one", "r1", conversationId: "a:receipt"), default))!.Value;
        var (a, b) = (Ledger("a"), Ledger("b"));
        Assert.True(await b.TryRecordOptionalSendAsync("a:receipt", turn, null, default));
        var shownAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(["a:receipt"], await Claim(a));
        var work = await a.NextAsync("a:receipt", default);

        // Before: A knew nothing of B's indicator, and showed its own at once.
        Assert.Equal(shownAt.ToUnixTimeMilliseconds(), work!.ReceiptIndicatorAt?.ToUnixTimeMilliseconds());

        // The holder's sends since end it: its release writes the log without it.
        await a.ReleaseAsync("a:receipt", default);
        Assert.Equal(["a:receipt"], await Claim(b));
        Assert.Null((await b.NextAsync("a:receipt", default))!.ReceiptIndicatorAt);
    }

    private static async Task<List<string>> Claim(TurnLedger ledger, int max = 8) =>
        await ledger.ClaimAsync(max, default).ToListAsync();

    private TurnLedger Ledger(string name, ConversationSendPacer? pacer = null) => Ledger(name, _database, pacer);

    private TurnLedger Ledger(string name, IDbContextFactory<BotDbContext> contexts, ConversationSendPacer? pacer = null) =>
        new(contexts, Options.Create(new TurnsOptions
        {
            LeaseDuration = Lease,
            InstanceName = name,
        }), pacer ?? new ConversationSendPacer(_clock), _clock);

    /// <summary>Contexts whose every read moves the clock on, as a slow query would.</summary>
    private sealed class SlowReadContexts(string connectionString, FakeTimeProvider clock, TimeSpan perRead)
        : DbCommandInterceptor, IDbContextFactory<BotDbContext>
    {
        public BotDbContext CreateDbContext() => new PostgresBotDbContext(
            new DbContextOptionsBuilder<PostgresBotDbContext>().UseNpgsql(connectionString).AddInterceptors(this).Options);

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command,
            CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            clock.Advance(perRead);
            return ValueTask.FromResult(result);
        }
    }
}
