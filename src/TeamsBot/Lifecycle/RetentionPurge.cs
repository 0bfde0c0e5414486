using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Quota;
using TeamsBot.Storage;

namespace TeamsBot.Lifecycle;

/// <summary>
/// One retention run: deletes what is past its period (see <see cref="RetentionRules"/>) and not under legal hold,
/// in one transaction, then scrubs the database files and writes one audit record. Several instances may run it at the
/// same time: on PostgreSQL the one that gets the advisory lock does the work and the others return null; on SQLite
/// the database's single write lock serialises them and the second finds nothing left to delete.
/// </summary>
internal sealed partial class RetentionPurge(
    IDbContextFactory<BotDbContext> contexts,
    IOptionsMonitor<RetentionOptions> options,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<RetentionPurge> logger,
    IKnowledgeIndexWriter? knowledgeIndex = null)
{
    private readonly IKnowledgeIndexWriter _knowledgeIndex = knowledgeIndex ?? DatabaseIndexWriter.Instance;

    /// <summary>Arbitrary, fixed; only the purge takes it. The bytes spell "TBpurge1".</summary>
    internal const long AdvisoryLockKey = 0x5442_7075_7267_6531;

    /// <returns>What was deleted; null when another instance holds the purge.</returns>
    public async Task<RetentionPurgeResult?> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        RetentionPurgeResult result;
        await using (var transaction = await TryBeginExclusiveAsync(db.Database.GetDbConnection(), cancellationToken))
        {
            if (transaction is null)
            {
                LogSkipped();
                return null;
            }

            await db.Database.UseTransactionAsync(transaction, cancellationToken);

            int turns = 0;
            int conversations = 0;
            foreach (var scope in RetentionRules.Scopes)
            {
                foreach (var period in Periods(settings, s => DaysOf(s, scope), t => DaysOf(t, scope)))
                {
                    var cutoff = now.AddDays(-period.Days);
                    turns += await InPeriod(db.Turns.NotHeld(db), period)
                        .Where(t => t.CreatedAt < cutoff
                            && db.Conversations.Any(c => c.Id == t.ConversationId && c.Scope == scope))
                        .ExecuteDeleteAsync(cancellationToken);
                    conversations += await InPeriod(db.Conversations.NotHeld(db), period)
                        .Where(c => c.Scope == scope && c.UpdatedAt < cutoff && !db.Turns.Any(t => t.ConversationId == c.Id))
                        .ExecuteDeleteAsync(cancellationToken);
                }
            }

            // An answer stored a moment after its question can outlive it by one run; it goes with the question.
            turns += await db.Turns.NotHeld(db)
                .Where(t => t.Role == TurnRole.Assistant && t.ReplyToId != null && !db.Turns.Any(q => q.Id == t.ReplyToId))
                .ExecuteDeleteAsync(cancellationToken);
            int welcomes = await PurgeWelcomesAsync(db, settings, now, cancellationToken);
            string firstKeptDay = DateOnly.FromDateTime(now.AddDays(-settings.UsageCounters))
                .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            int usage = await db.Set<UsageCounter>()
                .Where(c => string.Compare(c.Day, firstKeptDay) < 0
                    && !db.LegalHolds.Any(h => h.UserId != null && c.Subject == "user:" + h.TenantId + ":" + h.UserId))
                .ExecuteDeleteAsync(cancellationToken);
            var filePassages = new List<long>();
            int files = await PurgeFilesAsync(db, settings, now, filePassages, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await db.Database.UseTransactionAsync(null, cancellationToken);
            await KnowledgeIndexCopies.RemoveAgainAsync(_knowledgeIndex, filePassages);
            result = new RetentionPurgeResult(turns, conversations, welcomes, usage, files);
        }

        var deletedFrom = new List<string>();
        if (result.Turns > 0)
        {
            deletedFrom.AddRange(["turns", "answer_messages", "feedback"]);
        }

        if (result.Conversations > 0)
        {
            deletedFrom.Add("conversations");
        }

        if (result.Welcomes > 0)
        {
            deletedFrom.Add("welcomes");
        }

        if (result.UsageCounters > 0)
        {
            deletedFrom.Add("usage_counters");
        }

        if (result.Files > 0)
        {
            deletedFrom.AddRange([KnowledgeModel.DocumentsTable, KnowledgeModel.ChunksTable]);
        }

        await DatabaseCompaction.CompactAsync(db, deletedFrom, cancellationToken);
        await SqliteStatistics.RefreshAsync(db, cancellationToken);
        if (result.Total > 0)
        {
            await audit.AppendAsync(new AuditEntry
            {
                TenantId = string.Empty,
                UserId = string.Empty,
                ConversationId = string.Empty,
                Scope = string.Empty,
                PolicyVersion = string.Empty,
                Decision = AuditDecision.Purged,
                Rule = string.Create(CultureInfo.InvariantCulture,
                    $"retention: {result.Turns} turns, {result.Conversations} conversations, {result.Welcomes} welcomes, {result.UsageCounters} usage counters, {result.Files} files"),
            }, cancellationToken);
        }

        LogPurged(result.Turns, result.Conversations, result.Welcomes, result.UsageCounters, result.Files);
        return result;
    }

    /// <summary>
    /// The tenants with their own period (from <paramref name="ownDays"/>), each on its own, then everyone else on the
    /// default. A period of 0 keeps the data (it still excludes those tenants from the default).
    /// </summary>
    private static IEnumerable<RetentionPeriod> Periods(RetentionOptions settings, Func<RetentionOptions, int> defaultDays,
        Func<TenantRetentionOptions, int?> ownDays)
    {
        var own = settings.Tenants
            .Select(t => (Tenant: t.Key, Days: ownDays(t.Value)))
            .Where(t => t.Days is not null)
            .ToList();
        foreach (var (tenant, days) in own.Where(t => t.Days > 0))
        {
            yield return new RetentionPeriod(tenant, [], days!.Value);
        }

        if (defaultDays(settings) is var everyoneElse and > 0)
        {
            yield return new RetentionPeriod(null, own.Select(t => t.Tenant).ToList(), everyoneElse);
        }
    }

    private static int DaysOf(RetentionOptions settings, ConversationScope scope) => scope switch
    {
        ConversationScope.Personal => settings.Personal,
        ConversationScope.GroupChat => settings.GroupChat,
        _ => settings.Channel,
    };

    private static int? DaysOf(TenantRetentionOptions tenant, ConversationScope scope) => scope switch
    {
        ConversationScope.Personal => tenant.Personal,
        ConversationScope.GroupChat => tenant.GroupChat,
        _ => tenant.Channel,
    };

    /// <summary>
    /// People's own files (sent in the 1:1 chat) older than the files period; their passages and keyword index entries
    /// go with them by cascade. A hold on the owner keeps them. A collection's documents are the source's to manage.
    /// With an external search index, the files' passages leave it first; when it cannot be reached, those files stay
    /// until the next run (the rest of the purge goes on).
    /// </summary>
    private async Task<int> PurgeFilesAsync(BotDbContext db, RetentionOptions settings, DateTime now,
        List<long> removedPassages, CancellationToken cancellationToken)
    {
        int deleted = 0;
        foreach (var period in Periods(settings, s => s.Files, t => t.Files))
        {
            var cutoff = now.AddDays(-period.Days);
            var files = db.Set<KnowledgeDocumentRecord>()
                .Where(d => d.OwnerUserId != null && d.CreatedAt < cutoff
                    && !db.LegalHolds.Any(h => h.TenantId == d.TenantId && h.UserId == d.OwnerUserId));
            files = period.Tenant is { } only
                ? files.Where(d => d.TenantId == only)
                : files.Where(d => !period.Excluded.Contains(d.TenantId));
            try
            {
                removedPassages.AddRange(await KnowledgeIndexCopies.RemoveAsync(_knowledgeIndex, db, files, cancellationToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFilesKept(exception.GetType().Name);
                continue;
            }

            deleted += await files.ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }

    private static IQueryable<TurnRecord> InPeriod(IQueryable<TurnRecord> turns, RetentionPeriod period) =>
        period.Tenant is { } only
            ? turns.Where(t => t.TenantId == only)
            : turns.Where(t => !period.Excluded.Contains(t.TenantId));

    private static IQueryable<ConversationRecord> InPeriod(IQueryable<ConversationRecord> conversations,
        RetentionPeriod period) =>
        period.Tenant is { } only
            ? conversations.Where(c => c.TenantId == only)
            : conversations.Where(c => !period.Excluded.Contains(c.TenantId));

    /// <summary>A welcome mark names a chat; once its conversation is gone it goes after the longest period.</summary>
    private static async Task<int> PurgeWelcomesAsync(BotDbContext db, RetentionOptions settings, DateTime now,
        CancellationToken cancellationToken)
    {
        var all = new[] { settings.Personal, settings.GroupChat, settings.Channel }
            .Concat(settings.Tenants.Values.SelectMany(t => new[] { t.Personal, t.GroupChat, t.Channel }).OfType<int>())
            .ToList();
        if (all.Contains(0))
        {
            return 0;
        }

        var cutoff = now.AddDays(-all.Max());
        return await db.Welcomes
            .Where(w => w.WelcomedAt < cutoff && !db.Conversations.Any(c => c.Id == w.ConversationId))
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// SQLite: <c>BEGIN IMMEDIATE</c>, so a second purge waits for the write lock instead of failing to upgrade a read
    /// lock. PostgreSQL: a transaction holding the purge's advisory lock, or null when another instance holds it.
    /// </summary>
    private static async Task<DbTransaction?> TryBeginExclusiveAsync(DbConnection connection,
        CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }

        var npgsql = (NpgsqlConnection)connection;
        var transaction = await npgsql.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", npgsql, transaction);
        command.Parameters.AddWithValue("key", AdvisoryLockKey);
        if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
        {
            return transaction;
        }

        await transaction.DisposeAsync();
        return null;
    }

    private sealed record RetentionPeriod(string? Tenant, IReadOnlyList<string> Excluded, int Days);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Information,
        Message = "Retention purge deleted {Turns} turns, {Conversations} conversations, {Welcomes} welcomes, {UsageCounters} usage counters, {Files} files")]
    private partial void LogPurged(int turns, int conversations, int welcomes, int usageCounters, int files);

    [LoggerMessage(EventId = 2214, Level = LogLevel.Warning,
        Message = "Retention purge kept expired files this run: the search index could not remove them ({ExceptionType})")]
    private partial void LogFilesKept(string exceptionType);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Debug, Message = "Retention purge skipped: another instance is running it")]
    private partial void LogSkipped();
}
