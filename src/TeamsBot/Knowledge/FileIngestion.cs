using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TeamsBot.Dlp;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Extraction;
using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Knowledge;

/// <summary>
/// Reads a document, has DLP redact its text, cuts it into passages, embeds and stores them: the order that keeps
/// secrets out.
/// Nothing is written before DLP ran, and a secret is replaced by its placeholder in every stored passage, so it is
/// never indexed, quoted to the model or shown. A refusal at any step stores nothing.
/// </summary>
internal sealed partial class FileIngestion(
    IEnumerable<IDocumentSource> sources,
    IKnowledgeStore store,
    PassageEmbedder embedder,
    IDlpScanner scanner,
    IOptionsMonitor<KnowledgeOptions> options,
    TimeProvider clock,
    ILogger<FileIngestion> logger)
{
    /// <summary>A file sent in chat: read within <see cref="KnowledgeOptions.ReceiveTimeout"/>.</summary>
    public Task<IngestionResult> IngestAsync(SourceDocument document, DlpOptions dlp,
        CancellationToken cancellationToken) =>
        IngestAsync(document, dlp, options.CurrentValue.ReceiveTimeout, cancellationToken);

    /// <summary>Any document, read within <paramref name="timeLimit"/> (a collection's, in the background, has longer).</summary>
    public async Task<IngestionResult> IngestAsync(SourceDocument document, DlpOptions dlp, TimeSpan timeLimit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(dlp);
        var settings = options.CurrentValue;
        long started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit);
        try
        {
            var source = sources.FirstOrDefault(s => s.Kind == document.SourceKind)
                ?? throw new InvalidOperationException("No document source reads " + document.SourceKind);
            byte[] content = await source.ReadAsync(document, settings.MaxFileBytes, timeout.Token);
            // The readers are synchronous: off the request thread, and given the timeout to check between pages.
            var sections = await Task.Run(() => DocumentReader.Read(content, document.Type,
                ExtractionLimits.From(settings), timeout.Token), timeout.Token);
            var (redacted, redactions) = Redact(sections, dlp);
            var chunks = TextChunker.Chunk(redacted, settings.ChunkChars);
            if (chunks.Count == 0)
            {
                throw new FileRefusedException(FileRefusal.NoText);
            }

            // Vectors of the redacted text only: a secret never reaches an embeddings endpoint either.
            var embeddings = await EmbedAsync(chunks, timeout.Token);
            bool replaced = await store.ExistsAsync(document.Access.TenantId, document.SourceKind, document.SourceKey,
                cancellationToken);
            int? pages = document.Type is KnowledgeFileType.Pdf or KnowledgeFileType.PowerPoint or KnowledgeFileType.Excel
                ? redacted.Select(s => s.Page).Distinct().Count()
                : null;
            await store.SaveAsync(new KnowledgeDocumentRecord
            {
                TenantId = document.Access.TenantId,
                OwnerUserId = document.Access.OwnerUserId,
                CollectionId = document.Access.CollectionId,
                SourceKind = document.SourceKind,
                SourceKey = document.SourceKey,
                Name = document.Name,
                FileType = document.Type,
                SizeBytes = content.LongLength,
                ContentHash = Convert.ToHexStringLower(SHA256.HashData(content)),
                Pages = pages,
                Redactions = redactions,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                EmbeddingModel = embedder.ModelId,
                SourceVersion = document.Version,
            }, chunks, embeddings, cancellationToken);
            double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogStored(document.SourceKind, document.Type, content.LongLength, chunks.Count, redactions, elapsedMs);
            return new IngestionResult(document.Name, null, pages, chunks.Count, redactions, replaced);
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
        Message = "Document stored from {Source} ({Type}, {Bytes} bytes, {Passages} passages, {Redactions} values redacted) in {ElapsedMs:F0} ms")]
    private partial void LogStored(string source, KnowledgeFileType type, long bytes, int passages, int redactions,
        double elapsedMs);

    [LoggerMessage(EventId = 1904, Level = LogLevel.Information,
        Message = "Document from {Source} ({Type}) refused: {Reason} {ExceptionType}")]
    private partial void LogRefused(string source, KnowledgeFileType type, FileRefusal reason, string? exceptionType);
}
