using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>
/// Writes records as JSON lines, in sequence order, with every field the hash covers under the name the canonical form
/// uses (<see cref="AuditHash"/>), so an export can be re-verified without the database. A sealed record (about a
/// person, <see cref="AuditCipher"/>) also gets <c>subject</c>: its user id, conversation id and text opened with the
/// person's key, or <c>"erased"</c> when the person was forgotten and the key destroyed.
/// </summary>
internal sealed class AuditExporter(IDbContextFactory<BotDbContext> contexts, AuditSubjects subjects)
{
    private const int PageSize = 1000;

    /// <summary>Records with <paramref name="fromUtc"/> ≤ timestamp ≤ <paramref name="toUtc"/>; null means unbounded.</summary>
    /// <returns>How many records were written.</returns>
    public async Task<long> ExportAsync(DateTime? fromUtc, DateTime? toUtc, TextWriter output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var records = Where(fromUtc, toUtc);
        var buffer = new ArrayBufferWriter<byte>();
        await using var json = new Utf8JsonWriter(buffer);
        long written = 0;
        long lastSeen = long.MinValue;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var page = await records(db.Set<AuditRecord>().AsNoTracking()).Where(r => r.Sequence > lastSeen)
                .OrderBy(r => r.Sequence).Take(PageSize).ToListAsync(cancellationToken);
            var open = await subjects.OpenAsync(db, AuditSubjects.SubjectIdsOf(page), cancellationToken);
            foreach (var record in page)
            {
                buffer.ResetWrittenCount();
                json.Reset();
                Write(json, record, open);
                await json.FlushAsync(cancellationToken);
                await output.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan));
                await output.WriteAsync('\n');
                lastSeen = record.Sequence;
                written++;
            }

            if (page.Count < PageSize)
            {
                await output.FlushAsync(cancellationToken);
                return written;
            }
        }
    }

    private static Func<IQueryable<AuditRecord>, IQueryable<AuditRecord>> Where(DateTime? fromUtc, DateTime? toUtc)
    {
        // PostgreSQL compares timestamptz only with UTC values; SQLite compares the stored text, also UTC.
        DateTime? from = fromUtc is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : null;
        DateTime? to = toUtc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null;
        return query =>
        {
            if (from is { } lower)
            {
                query = query.Where(r => r.Timestamp >= lower);
            }

            if (to is { } upper)
            {
                query = query.Where(r => r.Timestamp <= upper);
            }

            return query;
        };
    }

    private static void Write(Utf8JsonWriter json, AuditRecord record, IReadOnlyDictionary<string, OpenSubject> open)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", record.Sequence);
        json.WriteString("timestamp", AuditHash.FormatTimestamp(record.Timestamp));
        json.WriteString("tenantId", record.TenantId);
        json.WriteString("userId", record.UserId);
        json.WriteString("conversationId", record.ConversationId);
        json.WriteString("scope", record.Scope);
        json.WriteString("policyVersion", record.PolicyVersion);
        json.WriteString("decision", record.Decision.ToString());
        json.WriteString("rule", record.Rule);
        json.WritePropertyName("redactions");
        if (record.Redactions is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(record.Redactions);
        }

        json.WriteString("model", record.Model);
        WriteNumber(json, "tokensIn", record.TokensIn);
        WriteNumber(json, "tokensOut", record.TokensOut);
        WriteNumber(json, "latencyMs", record.LatencyMs);
        json.WriteString("contentSha256", record.ContentSha256);
        json.WriteString("content", record.Content);
        json.WriteString("previousHash", record.PreviousHash);
        json.WriteString("hash", record.Hash);
        if (AuditSubjects.SubjectIdOf(record.UserId) is { } subjectId)
        {
            WriteSubject(json, record, subjectId, open);
        }

        json.WriteEndObject();
    }

    private static void WriteSubject(Utf8JsonWriter json, AuditRecord record, string subjectId,
        IReadOnlyDictionary<string, OpenSubject> open)
    {
        if (!open.TryGetValue(subjectId, out var subject))
        {
            json.WriteString("subject", "erased");
            return;
        }

        json.WriteStartObject("subject");
        json.WriteString("userId", subject.UserId);
        json.WriteString("conversationId",
            AuditCipher.Open(subject.Key, subjectId, AuditCipher.ConversationIdField, record.ConversationId));
        json.WriteString("content", AuditCipher.Open(subject.Key, subjectId, AuditCipher.ContentField, record.Content));
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
