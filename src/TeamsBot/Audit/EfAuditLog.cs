using System.Collections.Concurrent;
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
/// <para>
/// The lock is held until the commit is on disk, so appends one at a time would queue behind one flush each. Records
/// that arrive while this instance is writing are chained together in its next transaction instead (at most
/// <see cref="MostPerTransaction"/>): one lock, one head read and one flush for all of them. Each caller still returns
/// only once its own record is committed, and every record of a failed transaction fails its caller.
/// </para>
/// <para>
/// A record about a person is sealed before it is chained (<see cref="AuditCipher"/>): their user id is replaced by a
/// random subject id, and the conversation id and text are encrypted with the subject's key. The hash covers the sealed
/// values, so destroying the key later erases the person without breaking the chain.
/// </para>
/// </remarks>
internal sealed partial class EfAuditLog(IDbContextFactory<BotDbContext> contexts, IOptions<AuditOptions> options,
    AuditSubjects subjects, TimeProvider clock, ILogger<EfAuditLog> logger) : IAuditLog, IDisposable
{
    /// <summary>Arbitrary, fixed; only audit appends take it. The bytes spell "TBaudit1".</summary>
    internal const long AdvisoryLockKey = 0x5442_6175_6469_7431;

    /// <summary>Most records chained in one transaction; more wait for the next.</summary>
    internal const int MostPerTransaction = 64;

    private readonly ConcurrentQueue<PendingAppend> _pending = new();

    /// <summary>One transaction at a time from this instance: the lock is shared with every other instance anyway.</summary>
    private readonly SemaphoreSlim _writing = new(1, 1);

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

        var pending = new PendingAppend(record);
        _pending.Enqueue(pending);
        while (!pending.Done)
        {
            try
            {
                await _writing.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (pending.TryAbandon())
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                // Already taken into a transaction by another caller: it ends soon, either way.
                break;
            }

            try
            {
                await WriteWaitingAsync();
            }
            finally
            {
                _writing.Release();
            }
        }

        await pending.Written;
    }

    /// <summary>
    /// Chains the records waiting at this moment, oldest first, in one transaction. Not cancellable: the records are
    /// other callers' too, and the database's command timeout bounds it.
    /// </summary>
    private async Task WriteWaitingAsync()
    {
        var batch = new List<PendingAppend>();
        while (batch.Count < MostPerTransaction && _pending.TryDequeue(out var next))
        {
            if (next.TryTake())
            {
                batch.Add(next);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await ChainAsync(batch.ConvertAll(p => p.Record));
            batch.ForEach(p => p.Succeed());
        }
        catch (Exception exception)
        {
            batch.ForEach(p => p.Fail(exception));
        }
    }

    private async Task ChainAsync(List<AuditRecord> records)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        // The whole append is one transaction; a savepoint inside it would only add a round trip.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await BeginSerializedAsync(db, CancellationToken.None);

        var head = await db.Set<AuditRecord>().AsNoTracking().OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(CancellationToken.None);
        long sequence = head?.Sequence ?? 0;
        string previousHash = head?.Hash ?? AuditHash.Genesis;
        foreach (var record in records)
        {
            record.Sequence = ++sequence;
            record.PreviousHash = previousHash;
            // Taken under the lock, so timestamps never go backwards along the chain (on one clock).
            record.Timestamp = AuditHash.TruncateToMicroseconds(clock.GetUtcNow());
            record.Hash = AuditHash.Compute(record);
            previousHash = record.Hash;
        }

        db.AddRange(records);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        foreach (var record in records)
        {
            LogAppended(record.Sequence, record.Decision);
        }
    }

    public void Dispose() => _writing.Dispose();

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

    /// <summary>A sealed record waiting to be chained, and its caller waiting for the commit.</summary>
    private sealed class PendingAppend(AuditRecord record)
    {
        private const int Waiting = 0;
        private const int Taken = 1;
        private const int Abandoned = 2;

        private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state;

        public AuditRecord Record { get; } = record;

        public Task Written => _written.Task;

        public bool Done => _written.Task.IsCompleted;

        /// <summary>Into a transaction: false if its caller gave up first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

        /// <summary>Its caller gives up: false if a transaction already took it.</summary>
        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;

        public void Succeed() => _written.TrySetResult();

        public void Fail(Exception exception) => _written.TrySetException(exception);
    }
}
