using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Quota;
using TeamsBot.Storage;
using TeamsBot.Tests.Policy;

namespace TeamsBot.Tests.Quota;

/// <summary>The ledger's contract on each provider: limits hold under concurrency.</summary>
public abstract class QuotaLedgerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 15, 30, 0, TimeSpan.Zero));
    private DbQuotaLedger _ledger = null!;

    public async Task InitializeAsync() => _ledger = new DbQuotaLedger(await CreateDatabaseAsync(), _clock);

    public Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    [Fact]
    public async Task TryStartTurnAsync_ConcurrentMessagesOverLimit_ExactlyTheLimitPass()
    {
        var policy = AdmissionTests.Policy(messages: 5);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => Task.Run(() => _ledger.TryStartTurnAsync(policy, "user-1", default))));

        Assert.Equal(5, decisions.Count(d => d.Allowed));
        var refused = decisions.First(d => !d.Allowed);
        Assert.Equal("quota.user_messages", refused.Rule);
        Assert.Equal(new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), refused.ResetsAtUtc);
    }

    [Fact]
    public async Task TryStartTurnAsync_NextDay_CountsAgain()
    {
        var policy = AdmissionTests.Policy(messages: 1);
        Assert.True((await _ledger.TryStartTurnAsync(policy, "user-1", default)).Allowed);
        Assert.False((await _ledger.TryStartTurnAsync(policy, "user-1", default)).Allowed);

        _clock.Advance(TimeSpan.FromHours(9));

        Assert.True((await _ledger.TryStartTurnAsync(policy, "user-1", default)).Allowed);
    }

    [Fact]
    public async Task RecordTokensAsync_Crossing80Percent_WarnsOnceThenRefusesAtTheLimit()
    {
        var policy = AdmissionTests.Policy(userTokens: 1000);

        Assert.Null(await _ledger.RecordTokensAsync(policy, "user-1", 700, default));
        var warning = await _ledger.RecordTokensAsync(policy, "user-1", 150, default);
        Assert.Null(await _ledger.RecordTokensAsync(policy, "user-1", 100, default));
        Assert.True((await _ledger.TryStartTurnAsync(policy, "user-1", default)).Allowed);
        await _ledger.RecordTokensAsync(policy, "user-1", 60, default);
        var refused = await _ledger.TryStartTurnAsync(policy, "user-1", default);

        Assert.NotNull(warning);
        Assert.Equal(85, warning.Percent);
        Assert.False(refused.Allowed);
        Assert.Equal("quota.user_tokens", refused.Rule);
    }

    [Fact]
    public async Task TryStartTurnAsync_TenantTokensSpentByOthers_RefusesEveryone()
    {
        var policy = AdmissionTests.Policy(tenantTokens: 500);
        await _ledger.RecordTokensAsync(policy, "user-2", 300, default);
        await _ledger.RecordTokensAsync(policy, "user-3", 200, default);

        var decision = await _ledger.TryStartTurnAsync(policy, "user-1", default);

        Assert.Equal("quota.tenant_tokens", decision.Rule);
    }

    [Fact]
    public async Task RecordTokensAsync_ManyAnswersAtOnce_EveryTokenCountedForUserAndTenant()
    {
        var policy = AdmissionTests.Policy(tenantTokens: 1_000_000);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            _ledger.RecordTokensAsync(policy, i % 2 == 0 ? "user-1" : "user-2", 10 + i, default)));

        var (_, userOne, tenant) = await _ledger.GetUsageAsync(policy.TenantId, "user-1", default);
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i % 2 == 0).Sum(i => 10 + i), userOne);
        Assert.Equal(Enumerable.Range(0, 40).Sum(i => 10 + i), tenant);
    }
}
