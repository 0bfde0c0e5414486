using Microsoft.EntityFrameworkCore;
using TeamsBot.Policy;
using TeamsBot.Storage;

namespace TeamsBot.Quota;

/// <summary>
/// Daily counters updated with single upsert statements (INSERT … ON CONFLICT … RETURNING, which SQLite and
/// PostgreSQL both speak), so limits hold when several instances share one database.
/// </summary>
internal sealed class DbQuotaLedger(IDbContextFactory<BotDbContext> contexts, TimeProvider clock) : IQuotaLedger
{
    private const double WarningShare = 0.8;

    public async Task<QuotaDecision> TryStartTurnAsync(EffectivePolicy policy, string userId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (day, resets) = Today();
        string user = UserSubject(policy.TenantId, userId);
        string tenant = TenantSubject(policy.TenantId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Tokens are known only after the answer, so token limits stop the turn after the one that reached them.
        var used = await db.Set<UsageCounter>().AsNoTracking()
            .Where(c => c.Day == day && (c.Subject == user || c.Subject == tenant))
            .ToDictionaryAsync(c => c.Subject, c => c.Tokens, cancellationToken);
        if (policy.TokensPerTenantPerDay > 0 && used.GetValueOrDefault(tenant) >= policy.TokensPerTenantPerDay)
        {
            return new QuotaDecision(false, "quota.tenant_tokens", "your organisation's tokens", resets);
        }

        if (policy.TokensPerUserPerDay > 0 && used.GetValueOrDefault(user) >= policy.TokensPerUserPerDay)
        {
            return new QuotaDecision(false, "quota.user_tokens", "your tokens", resets);
        }

        int limit = policy.MessagesPerUserPerDay > 0 ? policy.MessagesPerUserPerDay : int.MaxValue;
        // The increment only happens below the limit: no row back means the limit was already reached.
        var counted = await db.Database.SqlQuery<int>($"""
            INSERT INTO usage_counters (day, subject, messages, tokens) VALUES ({day}, {user}, 1, 0)
            ON CONFLICT (day, subject) DO UPDATE SET messages = usage_counters.messages + 1
            WHERE usage_counters.messages < {limit}
            RETURNING messages AS "Value"
            """).ToListAsync(cancellationToken);
        return counted.Count == 0
            ? new QuotaDecision(false, "quota.user_messages", "your messages", resets)
            : QuotaDecision.Allow;
    }

    public async Task<QuotaWarning?> RecordTokensAsync(EffectivePolicy policy, string userId, long tokens,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (day, _) = Today();
        string user = UserSubject(policy.TenantId, userId);
        string tenant = TenantSubject(policy.TenantId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Both counters in one statement: every answer of the tenant adds to its row, and a transaction around two
        // statements would hold that row's lock across a round trip to this process, which every instance's next
        // answer waits for.
        var totals = await db.Database.SqlQuery<CounterTotal>($"""
            INSERT INTO usage_counters (day, subject, messages, tokens) VALUES ({day}, {user}, 0, {tokens}), ({day}, {tenant}, 0, {tokens})
            ON CONFLICT (day, subject) DO UPDATE SET tokens = usage_counters.tokens + excluded.tokens
            RETURNING subject AS "Subject", tokens AS "Tokens"
            """).ToListAsync(cancellationToken);
        long TotalOf(string subject) => totals.First(t => t.Subject == subject).Tokens;
        return Crossed(TotalOf(user), tokens, policy.TokensPerUserPerDay, "your daily tokens")
            ?? Crossed(TotalOf(tenant), tokens, policy.TokensPerTenantPerDay, "your organisation's daily tokens");
    }

    public async Task<(int Messages, long Tokens, long TenantTokens)> GetUsageAsync(string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        var (day, _) = Today();
        string user = UserSubject(tenantId, userId);
        string tenant = TenantSubject(tenantId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<UsageCounter>().AsNoTracking()
            .Where(c => c.Day == day && (c.Subject == user || c.Subject == tenant)).ToListAsync(cancellationToken);
        var mine = rows.FirstOrDefault(r => r.Subject == user);
        return (mine?.Messages ?? 0, mine?.Tokens ?? 0, rows.FirstOrDefault(r => r.Subject == tenant)?.Tokens ?? 0);
    }

    /// <summary>
    /// "Forget me": deletes the user's counters of every day, inside the caller's transaction. The tenant's counter
    /// stays (it names no one), so the organisation's token limit still counts what the user used today.
    /// </summary>
    internal static Task<int> ForgetUserAsync(BotDbContext db, string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        string user = UserSubject(tenantId, userId);
        return db.Set<UsageCounter>().Where(c => c.Subject == user).ExecuteDeleteAsync(cancellationToken);
    }

    private static QuotaWarning? Crossed(long total, long added, long limit, string what)
    {
        if (limit <= 0)
        {
            return null;
        }

        long threshold = (long)Math.Ceiling(limit * WarningShare);
        return total - added < threshold && total >= threshold
            ? new QuotaWarning(what, (int)Math.Min(100, total * 100 / limit))
            : null;
    }

    private (string Day, DateTime ResetsAtUtc) Today()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), now.Date.AddDays(1));
    }

    private static string UserSubject(string tenantId, string userId) => $"user:{tenantId}:{userId}";

    private static string TenantSubject(string tenantId) => $"tenant:{tenantId}";

    private sealed record CounterTotal(string Subject, long Tokens);
}
