using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge;

/// <summary>
/// Files sent in chat while they are read in the background (<see cref="KnowledgeDocumentState.Reading"/>). Each step
/// is a conditional write on the reading row, so whoever changes it first wins and the others see it gone: the reader
/// storing its passages, the reader refusing it, the person forgetting it, or any instance giving up on it after its
/// <see cref="KnowledgeDocumentRecord.ReadingDeadline"/>. Exactly one of them tells the sender.
/// </summary>
internal sealed class FileReadingStore(IDbContextFactory<BotDbContext> contexts, IKnowledgeIndexWriter? indexWriter = null)
{
    /// <summary>Rows given up on per sweep; the next sweep takes more.</summary>
    private const int ExpiredPerSweep = 20;

    private readonly IKnowledgeIndexWriter _index = indexWriter ?? DatabaseIndexWriter.Instance;

    /// <summary>
    /// The key a file has while it is read: unique per message and file, so a re-delivered message collides with it,
    /// and apart from the key of an earlier copy of the same file, which stays usable until the new one is stored.
    /// </summary>
    public static string ReadingKey(string activityId, string fileKey) => "reading/" + Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(activityId + "\n" + fileKey)));

    /// <summary>
    /// The row of a file sent in chat while it is read: who sent it, its name and type, where its cards go, and its
    /// deadline; no passages, and never its download link.
    /// </summary>
    public static KnowledgeDocumentRecord Row(SourceDocument document, string activityId, string referenceJson,
        DateTime receivedAt, DateTime deadline)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new KnowledgeDocumentRecord
        {
            TenantId = document.Access.TenantId,
            OwnerUserId = document.Access.OwnerUserId,
            SourceKind = document.SourceKind,
            SourceKey = ReadingKey(activityId, document.SourceKey),
            Name = document.Name,
            FileType = document.Type,
            ContentHash = string.Empty,
            CreatedAt = receivedAt,
            State = KnowledgeDocumentState.Reading,
            ReadingDeadline = deadline,
            NoticeReferenceJson = referenceJson,
            NoticeActivityId = activityId,
        };
    }

    /// <summary>
    /// Stores the row of a file being read (its <see cref="KnowledgeDocumentRecord.SourceKey"/> is
    /// <see cref="ReadingKey"/>) and returns its id; null when this message already brought this file (a re-delivery),
    /// whether it is still being read or was stored since.
    /// </summary>
    public async Task<long?> StartAsync(KnowledgeDocumentRecord reading, string fileKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentException.ThrowIfNullOrEmpty(reading.NoticeActivityId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = db.Set<KnowledgeDocumentRecord>();
        if (await documents.AnyAsync(d => d.TenantId == reading.TenantId && d.SourceKind == reading.SourceKind
                && (d.SourceKey == reading.SourceKey
                    || (d.SourceKey == fileKey && d.NoticeActivityId == reading.NoticeActivityId)), cancellationToken))
        {
            return null;
        }

        reading.State = KnowledgeDocumentState.Reading;
        db.Add(reading);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same message delivered twice at once: the other request stored it (else a real failure).
            await using var again = await contexts.CreateDbContextAsync(CancellationToken.None);
            if (await again.Set<KnowledgeDocumentRecord>().AnyAsync(d => d.TenantId == reading.TenantId
                    && d.SourceKind == reading.SourceKind && d.SourceKey == reading.SourceKey, CancellationToken.None))
            {
                return null;
            }

            throw;
        }

        return reading.Id;
    }

    /// <summary>
    /// The reader takes the row up: its deadline moves to <paramref name="until"/>, if it is still reading and its
    /// deadline has not passed. False when it was forgotten or given up on meanwhile: nothing to read then.
    /// </summary>
    public async Task<bool> ClaimAsync(long readingId, DateTime now, DateTime until, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.Id == readingId && d.State == KnowledgeDocumentState.Reading && d.ReadingDeadline >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReadingDeadline, until), cancellationToken) == 1;
    }

    /// <summary>
    /// Stores what was read into the reading row, in one transaction: it becomes pending under the file's own key, with
    /// its passages, and an earlier copy of the file goes. Returns whether it replaced one; null when the row was
    /// forgotten or given up on meanwhile (nothing is written then).
    /// </summary>
    public async Task<bool?> CompleteAsync(long readingId, KnowledgeDocumentRecord read, IReadOnlyList<TextChunk> chunks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(chunks);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = db.Set<KnowledgeDocumentRecord>();
        var reading = documents.Where(d => d.Id == readingId && d.State == KnowledgeDocumentState.Reading);
        if (!await reading.AnyAsync(cancellationToken))
        {
            return null;
        }

        var earlier = documents.Where(d => d.TenantId == read.TenantId && d.SourceKind == read.SourceKind
            && d.SourceKey == read.SourceKey && d.Id != readingId);
        var earlierPassages = await KnowledgeIndexCopies.RemoveAsync(_index, db, earlier, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The reading row first: it takes the write lock and proves nobody removed it before anything else changes.
        int held = await reading.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, KnowledgeDocumentState.Pending)
            .SetProperty(d => d.ReadingDeadline, (DateTime?)null)
            .SetProperty(d => d.SizeBytes, read.SizeBytes)
            .SetProperty(d => d.ContentHash, read.ContentHash)
            .SetProperty(d => d.Pages, read.Pages)
            .SetProperty(d => d.Redactions, read.Redactions)
            .SetProperty(d => d.ChunkCount, chunks.Count)
            .SetProperty(d => d.CreatedAt, read.CreatedAt), cancellationToken);
        if (held != 1)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return null;
        }

        bool replaced = await earlier.ExecuteDeleteAsync(cancellationToken) > 0;
        await documents.Where(d => d.Id == readingId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.SourceKey, read.SourceKey), cancellationToken);
        db.AddRange(chunks.Select(c => new KnowledgeChunkRecord
        {
            DocumentId = readingId,
            Ordinal = c.Ordinal,
            Heading = c.Heading,
            Page = c.Page,
            Text = c.Text,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await KnowledgeIndexCopies.RemoveAgainAsync(_index, earlierPassages);
        return replaced;
    }

    /// <summary>Removes a row still reading (its file was refused); false when someone else removed or stored it first.</summary>
    public async Task<bool> AbandonAsync(long readingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        int deleted = await db.Set<KnowledgeDocumentRecord>()
            .Where(d => d.Id == readingId && d.State == KnowledgeDocumentState.Reading)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1)
        {
            await SqliteSecureDelete.CheckpointAsync(db, CancellationToken.None);
        }

        return deleted == 1;
    }

    /// <summary>
    /// Removes rows still reading after their deadline (their reader died) and returns the ones this caller removed:
    /// with several instances on one database each row is returned to exactly one of them, which tells its sender.
    /// </summary>
    public async Task<IReadOnlyList<KnowledgeDocumentRecord>> ExpireAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = db.Set<KnowledgeDocumentRecord>();
        var candidates = await documents.AsNoTracking()
            .Where(d => d.State == KnowledgeDocumentState.Reading && d.ReadingDeadline < now)
            .OrderBy(d => d.Id).Take(ExpiredPerSweep).ToListAsync(cancellationToken);
        var expired = new List<KnowledgeDocumentRecord>();
        foreach (var candidate in candidates)
        {
            if (await documents.Where(d => d.Id == candidate.Id && d.State == KnowledgeDocumentState.Reading
                    && d.ReadingDeadline < now).ExecuteDeleteAsync(cancellationToken) == 1)
            {
                expired.Add(candidate);
            }
        }

        if (expired.Count > 0)
        {
            await SqliteSecureDelete.CheckpointAsync(db, CancellationToken.None);
        }

        return expired;
    }
}
