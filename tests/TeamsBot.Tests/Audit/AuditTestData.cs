using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Storage;

namespace TeamsBot.Tests.Audit;

internal static class AuditTestData
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The key-encryption key the tests configure (<c>Audit:KeyEncryptionKey</c>), 32 bytes.</summary>
    public const string KeyEncryptionKey = "dGVhbXNib3QtdGVzdC1rZXktZW5jcnlwdGlvbi1rZXk=";

    public static EfAuditLog CreateLog(IDbContextFactory<BotDbContext> database, bool includeContent = false,
        TimeProvider? clock = null)
    {
        var time = clock ?? new SteppingClock(Start, TimeSpan.FromDays(1));
        return new(database, Options.Create(new AuditOptions { IncludeContent = includeContent }),
            CreateSubjects(database), time, NullLogger<EfAuditLog>.Instance);
    }

    public static AuditChainVerifier CreateVerifier(IDbContextFactory<BotDbContext> database) =>
        new(database, CreateSubjects(database), NullLogger<AuditChainVerifier>.Instance);

    public static AuditExporter CreateExporter(IDbContextFactory<BotDbContext> database) =>
        new(database, CreateSubjects(database));

    /// <summary>A sealed record's user id, conversation id and text, opened with its person's key.</summary>
    public static async Task<(string UserId, string? ConversationId, string? Content, string ContentHash)> OpenAsync(
        IDbContextFactory<BotDbContext> database, AuditRecord record, string text)
    {
        string subjectId = AuditSubjects.SubjectIdOf(record.UserId) ?? throw new InvalidOperationException("Not sealed.");
        await using var db = await database.CreateDbContextAsync();
        var subject = (await CreateSubjects(database).OpenAsync(db, [subjectId], default))[subjectId];
        return (subject.UserId,
            AuditCipher.Open(subject.Key, subjectId, AuditCipher.ConversationIdField, record.ConversationId),
            AuditCipher.Open(subject.Key, subjectId, AuditCipher.ContentField, record.Content),
            AuditCipher.ContentHash(subject.Key, text));
    }

    public static AuditSubjects CreateSubjects(IDbContextFactory<BotDbContext> database, TimeProvider? clock = null) =>
        new(database, new AuditKeyEncryptionKey(
                Options.Create(new AuditOptions { KeyEncryptionKey = KeyEncryptionKey }),
                Options.Create(new StorageOptions()), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment(),
                NullLogger<AuditKeyEncryptionKey>.Instance),
            clock ?? TimeProvider.System);

    /// <summary>Record n is refused on odd n, so edits to the decision are visible; tokens are n*10 and n*20.</summary>
    public static AuditEntry Entry(int n, string? text = null) => new()
    {
        TenantId = "tenant-1",
        UserId = $"user-{n}",
        ConversationId = "a:conv-1",
        Scope = "Personal",
        PolicyVersion = "policy-2026-03",
        Decision = n % 2 == 1 ? AuditDecision.Refused : AuditDecision.Allowed,
        Rule = n % 2 == 1 ? "no-source-code" : null,
        Model = "gpt-4o",
        TokensIn = n * 10,
        TokensOut = n * 20,
        Latency = TimeSpan.FromMilliseconds(100 + n),
        MessageText = text ?? $"message {n}",
    };

    public static async Task AppendAsync(IAuditLog log, int count)
    {
        for (int n = 1; n <= count; n++)
        {
            await log.AppendAsync(Entry(n), default);
        }
    }

    /// <summary>
    /// Changes the SQLite file behind the app's back, as someone with access to the file could: the append-only
    /// triggers are dropped first, since such a person can do that too. Only the hash chain is left to notice.
    /// </summary>
    public static async Task TamperAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql;
        await command.ExecuteNonQueryAsync();
    }
}
