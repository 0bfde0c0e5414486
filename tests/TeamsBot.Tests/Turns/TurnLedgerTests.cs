using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.History;
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
        IReadOnlyList<string>[] round;
        do
        {
            // Both instances at once, over and over, on the same candidates.
            round = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).ClaimAsync(4, default)));
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
        Assert.Equal(["a:lapse"], await dead.ClaimAsync(8, default));

        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await live.ClaimAsync(8, default));
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["a:lapse"], await live.ClaimAsync(8, default));
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

        Assert.Empty(await ledger.ClaimAsync(8, default));
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(["a:defer"], await ledger.ClaimAsync(8, default));
        var work = await ledger.NextAsync("a:defer", default);

        Assert.Equal(first, work!.Turn.TurnId);
        Assert.True(work.Turn.WaitNoticeSent);
        Assert.Equal(0, work.Attempts);
    }

    [Fact]
    public async Task NextAsync_AnsweredNotDelivered_IsDeliveryOfTheStoredAnswer()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("q", "o1", conversationId: "a:outbox"), default))!.Value;
        await _store.SaveAnswerAsync(q, "q", 1, "the answer", 2, "a note", default);
        var ledger = Ledger("a");
        Assert.Equal(["a:outbox"], await ledger.ClaimAsync(8, default));

        var work = await ledger.NextAsync("a:outbox", default);
        await ledger.MarkDeliveredAsync(q, default);
        await ledger.ReleaseAsync("a:outbox", default);

        Assert.Equal(TurnWorkKind.Deliver, work!.Kind);
        Assert.Equal(("the answer", "a note"), (work.Answer, work.AnswerNote));
        Assert.Empty(await ledger.ClaimAsync(8, default));
    }

    private TurnLedger Ledger(string name) =>
        new(_database, Options.Create(new TurnsOptions
        {
            LeaseDuration = Lease,
            InstanceName = name,
        }), _clock);
}
