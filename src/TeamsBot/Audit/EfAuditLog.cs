using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>
/// Appends records to the chain in the bot's database. Each append reads the head and inserts its successor inside one
/// transaction that holds a lock every appender takes first, so two appends can never chain to the same head:
/// <list type="bullet">
/// <item>SQLite: <c>BEGIN IMMEDIATE</c> takes the database's single write lock before the head is read. (A deferred
/// <c>BEGIN</c> would read the head first and only lock at the insert.)</item>
/// <item>PostgreSQL: <c>pg_advisory_xact_lock</c> on a fixed key, held until commit, shared by every instance using the
/// database. Read committed takes a fresh snapshot per statement, so the head read after the lock sees the last commit.</item>
/// </list>
/// The sequence number is also the primary key: were the lock ever bypassed, the losing insert fails instead of forking.
/// </summary>
/// <remarks>
/// A record about a person is sealed before it is chained (<see cref="AuditCipher"/>): their user id is replaced by a
/// random subject id, and the conversation id and text are encrypted with the subject's key. The hash covers the sealed
/// values, so destroying the key later erases the person without breaking the chain.
/// </remarks>
internal sealed partial class EfAuditLog(IDbContextFactory<BotDbContext> contexts, IOptions<AuditOptions> options,
    AuditSubjects subjects, TimeProvider clock, ILogger<EfAuditLog> logger) : IAuditLog
{
    /// <summary>Arbitrary, fixed; only audit appends take it. The bytes spell "TBaudit1".</summary>
    internal const long AdvisoryLockKey = 0x5442_6175_6469_7431;

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // Work that does not need the head happens before the lock, to keep the time it is held short.
        var record = new AuditRecord
        {
            TenantId = entry.TenantId,
            UserId = entry.UserId,
            ConversationId = entry.ConversationId,
            Scope = entry.Scope,
            PolicyVersion = entry.PolicyVersion,
            Decision = entry.Decision,
            Rule = entry.Rule,
            Redactions = AuditHash.SerializeRedactions(entry.Redactions),
            Model = entry.Model,
            TokensIn = entry.TokensIn,
            TokensOut = entry.TokensOut,
            LatencyMs = entry.Latency is { } latency ? (long)Math.Round(latency.TotalMilliseconds) : null,
            ContentSha256 = entry.MessageText is null ? null : AuditHash.ContentHash(entry.MessageText),
            Content = options.Value.IncludeContent ? entry.MessageText : null,
            PreviousHash = AuditHash.Genesis,
            Hash = string.Empty,
        };
        if (!string.IsNullOrEmpty(entry.UserId))
        {
            await SealAsync(record, entry, cancellationToken);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The whole append is one transaction; a savepoint inside it would only add a round trip.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await BeginSerializedAsync(db, cancellationToken);

        var head = await db.Set<AuditRecord>().AsNoTracking().OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken);
        record.Sequence = (head?.Sequence ?? 0) + 1;
        record.PreviousHash = head?.Hash ?? AuditHash.Genesis;
        // Taken under the lock, so timestamps never go backwards along the chain (on one clock).
        record.Timestamp = AuditHash.TruncateToMicroseconds(clock.GetUtcNow());
        record.Hash = AuditHash.Compute(record);
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogAppended(record.Sequence, record.Decision);
    }

    private async Task SealAsync(AuditRecord record, AuditEntry entry, CancellationToken cancellationToken)
    {
        var (subjectId, key) = await subjects.ForUserAsync(entry.TenantId, entry.UserId, cancellationToken);
        record.UserId = AuditSubjects.StoredPrefix + subjectId;
        record.ConversationId = AuditCipher.Seal(key, subjectId, AuditCipher.ConversationIdField, entry.ConversationId)!;
        record.ContentSha256 = entry.MessageText is null ? null : AuditCipher.ContentHash(key, entry.MessageText);
        record.Content = AuditCipher.Seal(key, subjectId, AuditCipher.ContentField, record.Content);
    }

    private static async Task<IDbContextTransaction> BeginSerializedAsync(BotDbContext db,
        CancellationToken cancellationToken)
    {
        switch (db.Database.GetDbConnection())
        {
            case SqliteConnection:
                // EF begins SQLite transactions IMMEDIATE; the app's writes queue for it (SqliteWriteGate).
                return await db.Database.BeginTransactionAsync(cancellationToken);
            case NpgsqlConnection:
                var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                try
                {
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AdvisoryLockKey],
                        cancellationToken);
                    return transaction;
                }
                catch
                {
                    await transaction.DisposeAsync();
                    throw;
                }
            case var other:
                throw new NotSupportedException(
                    $"The audit log cannot serialise appends on {other.GetType().Name}; use SQLite or PostgreSQL.");
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Audit record {Sequence} appended ({Decision})")]
    private partial void LogAppended(long sequence, AuditDecision decision);
}
