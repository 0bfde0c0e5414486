using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>Walks the chain from sequence 1 and reports the first record that does not fit.</summary>
/// <remarks>
/// Sealed records are checked as stored (the hash covers the ciphertext); their text is compared with its keyed hash
/// while the person's key exists. A forgotten person's records still verify: only their text can no longer be read.
/// </remarks>
internal sealed partial class AuditChainVerifier(IDbContextFactory<BotDbContext> contexts, AuditSubjects subjects,
    ILogger<AuditChainVerifier> logger)
{
    // Pages keep memory flat and avoid one long read transaction that would hold back SQLite checkpoints.
    private const int PageSize = 1000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        long expected = 1;
        long lastSeen = long.MinValue;
        string previousHash = AuditHash.Genesis;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var page = await db.Set<AuditRecord>().AsNoTracking().Where(r => r.Sequence > lastSeen)
                .OrderBy(r => r.Sequence).Take(PageSize).ToListAsync(cancellationToken);
            var open = await subjects.OpenAsync(db, AuditSubjects.SubjectIdsOf(page), cancellationToken);
            foreach (var record in page)
            {
                if (Check(record, expected, previousHash, open) is { } broken)
                {
                    LogBroken(broken.Sequence, broken.Problem);
                    return new AuditVerification(count, count == 0 ? null : expected - 1, count == 0 ? null : previousHash,
                        broken.Sequence, broken.Problem, broken.Detail);
                }

                count++;
                expected++;
                previousHash = record.Hash;
                lastSeen = record.Sequence;
            }

            if (page.Count < PageSize)
            {
                LogVerified(count);
                return new AuditVerification(count, count == 0 ? null : lastSeen, count == 0 ? null : previousHash,
                    null, null, null);
            }
        }
    }

    private static (long Sequence, AuditChainProblem Problem, string Detail)? Check(AuditRecord record, long expected,
        string previousHash, IReadOnlyDictionary<string, OpenSubject> open)
    {
        if (record.Sequence != expected)
        {
            return (record.Sequence, AuditChainProblem.SequenceGap, record.Sequence > expected
                ? $"gap in sequence: expected record {expected}, found {record.Sequence} (records deleted)"
                : $"unexpected sequence number {record.Sequence}, expected {expected}");
        }

        if (!string.Equals(AuditHash.Compute(record), record.Hash, StringComparison.Ordinal))
        {
            return (record.Sequence, AuditChainProblem.HashMismatch,
                "hash mismatch: the stored hash does not match the record's fields (the record was changed)");
        }

        if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return (record.Sequence, AuditChainProblem.PreviousHashMismatch, record.Sequence == 1
                ? "previous-hash mismatch: the first record does not start from the genesis hash"
                : $"previous-hash mismatch: does not match the hash of record {record.Sequence - 1} (that record was replaced)");
        }

        if (record.Content is not null && !ContentMatches(record, open))
        {
            return (record.Sequence, AuditChainProblem.ContentMismatch,
                "content mismatch: the stored message text does not match its SHA-256 (the text was changed)");
        }

        return null;
    }

    private static bool ContentMatches(AuditRecord record, IReadOnlyDictionary<string, OpenSubject> open)
    {
        if (AuditSubjects.SubjectIdOf(record.UserId) is not { } subjectId)
        {
            return string.Equals(AuditHash.ContentHash(record.Content!), record.ContentSha256, StringComparison.Ordinal);
        }

        if (!open.TryGetValue(subjectId, out var subject))
        {
            // Erased: the text cannot be read, so there is nothing left to compare; the chain still covers it.
            return true;
        }

        try
        {
            string? text = AuditCipher.Open(subject.Key, subjectId, AuditCipher.ContentField, record.Content);
            return text is not null
                && string.Equals(AuditCipher.ContentHash(subject.Key, text), record.ContentSha256, StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Audit chain verified: {Count} records")]
    private partial void LogVerified(long count);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Audit chain broken at record {Sequence}: {Problem}")]
    private partial void LogBroken(long sequence, AuditChainProblem problem);
}
