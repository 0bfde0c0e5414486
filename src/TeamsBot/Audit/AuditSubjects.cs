using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>
/// Per-person audit keys: created on a person's first record, opened to read records back, destroyed when the person
/// is forgotten (crypto-shredding). Read from the database each time rather than cached, so a key destroyed by one
/// instance is not used by another for new records.
/// </summary>
internal sealed class AuditSubjects(IDbContextFactory<BotDbContext> contexts, AuditKeyEncryptionKey keyEncryptionKey,
    TimeProvider clock)
{
    /// <summary>What a sealed record's user id starts with; the rest is the subject id.</summary>
    public const string StoredPrefix = "subject:";

    /// <summary>Who a forgotten person's records belong to, for counts that still include them.</summary>
    public const string ErasedUserId = "(erased)";

    public static string? SubjectIdOf(string storedUserId) =>
        storedUserId.StartsWith(StoredPrefix, StringComparison.Ordinal) ? storedUserId[StoredPrefix.Length..] : null;

    /// <summary>The subject ids of the sealed records among <paramref name="records"/>.</summary>
    public static List<string> SubjectIdsOf(IEnumerable<AuditRecord> records) =>
        records.Select(r => SubjectIdOf(r.UserId)).OfType<string>().ToList();

    /// <summary>The person's subject id and key, created on first use.</summary>
    public async Task<(string SubjectId, byte[] Key)> ForUserAsync(string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, tenantId, userId, cancellationToken) is { } found)
        {
            return (found.Id, Unwrap(found));
        }

        byte[] key = AuditCipher.NewKey();
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        db.Add(new AuditSubjectRecord
        {
            Id = id,
            TenantId = tenantId,
            UserId = userId,
            WrappedKey = AuditCipher.Wrap(keyEncryptionKey.Key, id, key),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (id, key);
        }
        catch (DbUpdateException)
        {
            // Another append created the person's key first: use that one.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            var winner = await FindAsync(again, tenantId, userId, cancellationToken) ?? throw new InvalidOperationException(
                "The audit subject could be neither created nor found.");
            return (winner.Id, Unwrap(winner));
        }
    }

    /// <summary>The subjects among <paramref name="subjectIds"/> whose keys still exist, opened.</summary>
    public async Task<IReadOnlyDictionary<string, OpenSubject>> OpenAsync(BotDbContext db,
        IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = new Dictionary<string, OpenSubject>(StringComparer.Ordinal);
        foreach (var batch in subjectIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var rows = await db.Set<AuditSubjectRecord>().AsNoTracking().Where(s => batch.Contains(s.Id))
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                open[row.Id] = new OpenSubject(row.TenantId, row.UserId, Unwrap(row));
            }
        }

        return open;
    }

    /// <summary>
    /// Whose records carry the stored user ids <paramref name="storedUserIds"/>: plain ids as they are, subject ids
    /// mapped to the person while their key exists, <see cref="ErasedUserId"/> after.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> UserIdsAsync(BotDbContext db,
        IEnumerable<string> storedUserIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        var subjectIds = new List<string>();
        foreach (string stored in storedUserIds.Distinct(StringComparer.Ordinal))
        {
            if (SubjectIdOf(stored) is { } subjectId)
            {
                people[stored] = ErasedUserId;
                subjectIds.Add(subjectId);
            }
            else
            {
                people[stored] = stored;
            }
        }

        foreach (var batch in subjectIds.Chunk(500))
        {
            foreach (var subject in await db.Set<AuditSubjectRecord>().AsNoTracking().Where(s => batch.Contains(s.Id))
                         .Select(s => new { s.Id, s.UserId }).ToListAsync(cancellationToken))
            {
                people[StoredPrefix + subject.Id] = subject.UserId;
            }
        }

        return people;
    }

    /// <summary>
    /// Destroys the person's key, in the caller's transaction: their records stay in the chain, unreadable and
    /// unlinkable. Returns whether there was one.
    /// </summary>
    public static async Task<bool> ForgetAsync(BotDbContext db, string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<AuditSubjectRecord>().Where(s => s.TenantId == tenantId && s.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static Task<AuditSubjectRecord?> FindAsync(BotDbContext db, string tenantId, string userId,
        CancellationToken cancellationToken) =>
        db.Set<AuditSubjectRecord>().AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId && s.UserId == userId,
            cancellationToken);

    private byte[] Unwrap(AuditSubjectRecord row)
    {
        try
        {
            return AuditCipher.Unwrap(keyEncryptionKey.Key, row.Id, row.WrappedKey);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException(
                "Audit:KeyEncryptionKey does not open the audit keys in this database: it is not the key they were wrapped with.");
        }
    }
}
