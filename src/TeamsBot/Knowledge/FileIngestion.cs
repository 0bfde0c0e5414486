using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TeamsBot.Dlp;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Extraction;
using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Knowledge;

/// <summary>
/// Reads a document, has DLP redact its text, cuts it into passages and stores them. A file sent in chat is read in the
/// background after receipt and stored pending (<see cref="ReadReceivedAsync"/>: the download link Teams gives lasts
/// about an hour and is never stored, and the file's bytes never are), then embedded (<see cref="IndexAsync"/>); a collection's
/// document, read in the background already, is embedded and stored ready at once (<see cref="IngestAsync"/>).
/// Nothing is written before DLP ran, and a secret is replaced by its placeholder in every stored passage, so it is
/// never indexed, quoted to the model or shown. A refusal at any step leaves nothing stored.
/// </summary>
internal sealed partial class FileIngestion(
    IEnumerable<IDocumentSource> sources,
    IKnowledgeStore store,
    FileReadingStore reading,
    KnowledgeIndexingQueue queue,
    PassageEmbedder embedder,
    IDlpScanner scanner,
    IOptionsMonitor<KnowledgeOptions> options,
    TimeProvider clock,
    ILogger<FileIngestion> logger)
{
    /// <summary>
    /// A file sent in chat, in the background after receipt: downloads, reads, redacts and stores its passages into its
    /// reading row, pending their vectors, within <see cref="KnowledgeOptions.ReceiveTimeout"/>. Null when the row was
    /// forgotten or given up on meanwhile (nothing stored, nothing to tell); a refused result leaves the row for the
    /// caller to remove.
    /// </summary>
    public Task<IngestionResult?> ReadReceivedAsync(FileReadingJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var document = job.Document;
        return WithinAsync(document, options.CurrentValue.ReceiveTimeout, async timeLimited =>
        {
            long started = Stopwatch.GetTimestamp();
            var read = await ReadCoreAsync(document, job.Dlp, timeLimited);
            var record = read.Record(document, clock.GetUtcNow().UtcDateTime);
            if (await reading.CompleteAsync(job.ReadingId, record, read.Chunks, cancellationToken) is not { } replaced)
            {
                return null;
            }

            double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogStored(document.SourceKind, document.Type, read.Bytes, read.Chunks.Count, read.Redactions, elapsedMs);
            return new IngestionResult(document.Name, null, read.Pages, read.Chunks.Count, read.Redactions, replaced,
                Pending: true);
        }, cancellationToken);
    }

    /// <summary>
    /// A collection's document, already in the background: read, redacted, embedded and stored ready in one go within
    /// <paramref name="timeLimit"/>, with its version at the source so that an index run skips it while unchanged.
    /// </summary>
    public async Task<IngestionResult> IngestAsync(SourceDocument document, DlpOptions dlp, TimeSpan timeLimit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(dlp);
        // Never null: only a reading row can be gone, and a collection's document has none.
        return (await WithinAsync(document, timeLimit, async timeLimited =>
        {
            long started = Stopwatch.GetTimestamp();
            var read = await ReadCoreAsync(document, dlp, timeLimited);
            // Vectors of the redacted text only: a secret never reaches an embeddings endpoint either.
            var embeddings = await EmbedAsync(read.Chunks, timeLimited);
            var record = read.Record(document, clock.GetUtcNow().UtcDateTime);
            record.EmbeddingModel = embedder.ModelId;
            record.SourceVersion = document.Version;
            bool replaced = await StoreAsync(document, read, record, embeddings, started, cancellationToken);
            return new IngestionResult(document.Name, null, read.Pages, read.Chunks.Count, read.Redactions, replaced);
        }, cancellationToken))!;
    }

    /// <summary>
    /// Runs one ingestion with its reading limited to <paramref name="timeLimit"/>: a refusal, or the time running
    /// out, is a refused result, logged once, with nothing stored.
    /// </summary>
    private async Task<IngestionResult?> WithinAsync(SourceDocument document, TimeSpan timeLimit,
        Func<CancellationToken, Task<IngestionResult?>> ingest, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit);
        try
        {
            return await ingest(timeout.Token);
        }
        catch (FileRefusedException refused)
        {
            string? cause = refused.InnerException?.GetType().Name;
            LogRefused(document.SourceKind, document.Type, refused.Reason, cause);
            return new IngestionResult(document.Name, refused.Reason);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogRefused(document.SourceKind, document.Type, FileRefusal.TimedOut, null);
            return new IngestionResult(document.Name, FileRefusal.TimedOut);
        }
    }

    /// <summary>Stores the document and its passages (replacing an earlier copy); true when it replaced one.</summary>
    private async Task<bool> StoreAsync(SourceDocument document, ReadDocument read, KnowledgeDocumentRecord record,
        IReadOnlyList<float[]>? embeddings, long started, CancellationToken cancellationToken)
    {
        bool replaced = await store.ExistsAsync(document.Access.TenantId, document.SourceKind, document.SourceKey,
            cancellationToken);
        await store.SaveAsync(record, read.Chunks, embeddings, cancellationToken);
        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogStored(document.SourceKind, document.Type, read.Bytes, read.Chunks.Count, read.Redactions, elapsedMs);
        return replaced;
    }

    /// <summary>Downloads, reads, redacts and cuts the document; stores nothing.</summary>
    private async Task<ReadDocument> ReadCoreAsync(SourceDocument document, DlpOptions dlp,
        CancellationToken timeLimited)
    {
        var settings = options.CurrentValue;
        var source = sources.FirstOrDefault(s => s.Kind == document.SourceKind)
            ?? throw new InvalidOperationException("No document source reads " + document.SourceKind);
        byte[] content = await source.ReadAsync(document, settings.MaxFileBytes, timeLimited);
        // The readers are synchronous: off the request thread, and given the timeout to check between pages.
        var sections = await Task.Run(() => DocumentReader.Read(content, document.Type,
            ExtractionLimits.From(settings), timeLimited), timeLimited);
        var (redacted, redactions) = Redact(sections, dlp);
        var chunks = TextChunker.Chunk(redacted, settings.ChunkChars);
        if (chunks.Count == 0)
        {
            throw new FileRefusedException(FileRefusal.NoText);
        }

        int? pages = document.Type is KnowledgeFileType.Pdf or KnowledgeFileType.PowerPoint or KnowledgeFileType.Excel
            ? redacted.Select(s => s.Page).Distinct().Count()
            : null;
        return new ReadDocument(content.LongLength, Convert.ToHexStringLower(SHA256.HashData(content)), pages,
            redactions, chunks);
    }

    private async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<TextChunk> chunks, CancellationToken cancellationToken)
    {
        try
        {
            return await embedder.EmbedAsync(
                chunks.Select(c => PassageEmbedder.PassageText(c.Heading, c.Text)).ToList(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new FileRefusedException(FileRefusal.IndexingFailed, exception);
        }
    }

    /// <summary>
    /// Embeds a claimed pending document's passages (their redacted text only: a secret never reaches an embeddings
    /// endpoint either) and makes it ready. A document that cannot be embedded, or whose indexing failed
    /// <see cref="MaxIndexingAttempts"/> times, is deleted and refused. Null when the claim was lost meanwhile
    /// (forgotten, replaced, or taken over by another instance): nothing to tell then.
    /// </summary>
    public async Task<IngestionResult?> IndexAsync(KnowledgeDocumentRecord claimed, string owner,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        long started = Stopwatch.GetTimestamp();
        var chunks = await store.GetChunksAsync(claimed.Id, cancellationToken);
        IReadOnlyList<float[]> vectors;
        try
        {
            if (claimed.IndexingAttempts > MaxIndexingAttempts)
            {
                throw new InvalidOperationException("Indexing was attempted too many times.");
            }

            vectors = await embedder.EmbedAsync(
                chunks.Select(c => PassageEmbedder.PassageText(c.Heading, c.Text)).ToList(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            string cause = exception.GetType().Name;
            LogRefused(claimed.SourceKind, claimed.FileType, FileRefusal.IndexingFailed, cause);
            await queue.AbandonAsync(claimed.Id, owner, CancellationToken.None);
            return new IngestionResult(claimed.Name, FileRefusal.IndexingFailed);
        }

        if (!await queue.CompleteAsync(claimed.Id, owner, embedder.ModelId,
            chunks.Select((c, i) => (c.Id, vectors[i])).ToList(), cancellationToken))
        {
            return null;
        }

        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogIndexed(claimed.SourceKind, claimed.FileType, chunks.Count, elapsedMs);
        return new IngestionResult(claimed.Name, null, claimed.Pages, chunks.Count, claimed.Redactions);
    }

    /// <summary>Claims of one document before it is refused: each failed claim was a crash or a lost lease.</summary>
    internal const int MaxIndexingAttempts = 3;

    /// <summary>
    /// Every section's heading and text through DLP with the policy enforced (AuditOnly too: this text is stored), one
    /// placeholder map per document so a value repeated in it keeps one placeholder.
    /// </summary>
    private (List<TextSection> Sections, int Redactions) Redact(IReadOnlyList<TextSection> sections, DlpOptions dlp)
    {
        var enforced = dlp.Enforced();
        var placeholders = new DlpPlaceholderMap();
        int redactions = 0;
        var clean = new List<TextSection>(sections.Count);
        foreach (var section in sections)
        {
            string? heading = null;
            if (section.Heading is not null)
            {
                var scannedHeading = scanner.Scan(section.Heading, enforced, placeholders);
                heading = scannedHeading.Text;
                redactions += scannedHeading.Findings.Count;
            }

            var scanned = scanner.Scan(section.Text, enforced, placeholders);
            redactions += scanned.Findings.Count;
            clean.Add(section with { Heading = heading, Text = scanned.Text });
        }

        return (clean, redactions);
    }

    [LoggerMessage(EventId = 1903, Level = LogLevel.Information,
        Message = "Document read from {Source} ({Type}, {Bytes} bytes, {Passages} passages, {Redactions} values redacted) and stored in {ElapsedMs:F0} ms")]
    private partial void LogStored(string source, KnowledgeFileType type, long bytes, int passages, int redactions,
        double elapsedMs);

    [LoggerMessage(EventId = 1930, Level = LogLevel.Information,
        Message = "Document from {Source} ({Type}) indexed: {Passages} passages embedded in {ElapsedMs:F0} ms")]
    private partial void LogIndexed(string source, KnowledgeFileType type, int passages, double elapsedMs);

    [LoggerMessage(EventId = 1904, Level = LogLevel.Information,
        Message = "Document from {Source} ({Type}) refused: {Reason} {ExceptionType}")]
    private partial void LogRefused(string source, KnowledgeFileType type, FileRefusal reason, string? exceptionType);

    /// <summary>What reading a document gave, before anything is stored.</summary>
    private sealed record ReadDocument(long Bytes, string ContentHash, int? Pages, int Redactions,
        IReadOnlyList<TextChunk> Chunks)
    {
        public KnowledgeDocumentRecord Record(SourceDocument document, DateTime createdAt) => new()
        {
            TenantId = document.Access.TenantId,
            OwnerUserId = document.Access.OwnerUserId,
            CollectionId = document.Access.CollectionId,
            SourceKind = document.SourceKind,
            SourceKey = document.SourceKey,
            Name = document.Name,
            FileType = document.Type,
            SizeBytes = Bytes,
            ContentHash = ContentHash,
            Pages = Pages,
            Redactions = Redactions,
            CreatedAt = createdAt,
        };
    }
}
