using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Dlp;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge;

public sealed class FileIngestionTests : IAsyncLifetime
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
    private readonly TempSqliteDatabase _database = new();
    private DownloadServerDouble _server = null!;
    private ModelServerDouble _model = null!;
    private EfKnowledgeStore _store = null!;
    private KnowledgeIndexingQueue _queue = null!;
    private FileReadingStore _reading = null!;
    private FileIngestion _ingestion = null!;

    public async Task InitializeAsync()
    {
        _server = await DownloadServerDouble.StartAsync(default);
        _model = await ModelServerDouble.StartAsync(default);
        var options = new FixedOptionsMonitor<KnowledgeOptions>(new KnowledgeOptions { AllowedDownloadHosts = ["127.0.0.1"] });
        var source = new TeamsFileSource(new SingleClientFactory(), new DownloadHostAllowList(options),
            NullLogger<TeamsFileSource>.Instance);
        _store = new EfKnowledgeStore(_database);
        _queue = new KnowledgeIndexingQueue(_database);
        _reading = new FileReadingStore(_database);
        _ingestion = new FileIngestion([source], _store, _reading, _queue, TestEmbedders.Model(_model), new DlpScanner(), options,
            TimeProvider.System,
            NullLogger<FileIngestion>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _model.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task IngestAsync_SecretInTheDocument_NeverStored()
    {
        byte[] docx = TestDocuments.Docx("# Deploy keys", $"The build uses {AwsKey} for uploads.", "Ask ops for access.");

        var result = await IngestAsync(Document(docx, "runbook.docx", KnowledgeFileType.Word), new DlpOptions(), default);

        Assert.True(result.IsStored);
        Assert.Equal(1, result.Redactions);
        var file = Assert.Single(await _store.ListOwnedAsync("tenant", "megan", default));
        var chunks = await _store.GetChunksAsync(file.Id, default);
        Assert.Contains("Ask ops for access.", chunks.Single().Text, StringComparison.Ordinal);
        Assert.Equal("Deploy keys", chunks.Single().Heading);
        Assert.False(ContainsInDatabaseFile(AwsKey), "the key is somewhere in the database file");
    }

    [Fact]
    public async Task IngestAsync_Stored_EachPassageWithItsVectorOfTheRedactedText()
    {
        byte[] docx = TestDocuments.Docx("# Deploy keys", $"The build uses {AwsKey} for uploads.", "Ask ops for access.");

        await IngestAsync(Document(docx, "runbook.docx", KnowledgeFileType.Word), new DlpOptions(), default);

        var file = Assert.Single(await _store.ListOwnedAsync("tenant", "megan", default));
        var chunk = Assert.Single(await _store.GetChunksAsync(file.Id, default));
        Assert.Equal("model:" + TestEmbedders.Deployment, file.EmbeddingModel);
        Assert.Equal(ModelServerDouble.EmbeddingOf("Deploy keys\n" + chunk.Text),
            TeamsBot.Knowledge.Embeddings.VectorCodec.FromBytes(chunk.Embedding));
        var sent = Assert.Single(Assert.Single(_model.EmbeddingRequests).Inputs);
        Assert.DoesNotContain(AwsKey, sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestAsync_EmbeddingsEndpointFails_RefusedAndNothingStored()
    {
        _model.EmbeddingFailureStatus = 500;

        var result = await IngestAsync(Document("some text"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText),
            new DlpOptions(), default);

        Assert.Equal(FileRefusal.IndexingFailed, result.Refusal);
        Assert.Empty(await _store.ListOwnedAsync("tenant", "megan", default));
    }

    [Fact]
    public async Task IngestAsync_AuditOnlyPolicy_StillRedactsWhatIsStored()
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes($"key {AwsKey}");

        await IngestAsync(Document(text, "notes.txt", KnowledgeFileType.PlainText),
            new DlpOptions { Mode = DlpMode.AuditOnly }, default);

        Assert.False(ContainsInDatabaseFile(AwsKey));
    }

    [Fact]
    public async Task IngestAsync_SameFileAgain_ReplacedNotDuplicated()
    {
        var first = await IngestAsync(Document("version one"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText, "k"),
            new DlpOptions(), default);
        var second = await IngestAsync(Document("version two"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText, "k"),
            new DlpOptions(), default);

        Assert.Equal((false, true), (first.Replaced, second.Replaced));
        var file = Assert.Single(await _store.ListOwnedAsync("tenant", "megan", default));
        Assert.Equal("version two", Assert.Single(await _store.GetChunksAsync(file.Id, default)).Text);
    }

    [Fact]
    public async Task IngestAsync_DamagedFile_RefusedAndNothingStored()
    {
        var result = await IngestAsync(Document("%PDF-1.4 garbage"u8.ToArray(), "x.pdf", KnowledgeFileType.Pdf),
            new DlpOptions(), default);

        Assert.Equal(FileRefusal.Unreadable, result.Refusal);
        Assert.Empty(await _store.ListOwnedAsync("tenant", "megan", default));
    }

    [Fact]
    public async Task ReadReceivedAsync_Stored_PendingWithoutVectorsUntilIndexed()
    {
        var read = await ReadReceivedAsync(Document("The offsite is in Lisbon."u8.ToArray(), "a.txt",
            KnowledgeFileType.PlainText), new DlpOptions(), "activity-1");

        Assert.True(read!.Pending);
        var file = Assert.Single(await _store.ListOwnedAsync("tenant", "megan", default));
        Assert.Equal((KnowledgeDocumentState.Pending, null, "activity-1"), (file.State, file.EmbeddingModel, file.NoticeActivityId));
        Assert.Equal((1, (DateTime?)null), (file.ChunkCount, file.ReadingDeadline));
        Assert.Null(Assert.Single(await _store.GetChunksAsync(file.Id, default)).Embedding);
        Assert.Empty(_model.EmbeddingRequests);
    }

    [Fact]
    public async Task ReadReceivedAsync_ForgottenWhileReading_NothingStored()
    {
        var document = Document("The offsite is in Lisbon."u8.ToArray(), "a.txt", KnowledgeFileType.PlainText);
        long id = await StartReadingAsync(document, "activity-1");
        Assert.True(await _store.DeleteOwnedAsync("tenant", "megan", id, default));

        var read = await _ingestion.ReadReceivedAsync(Job(id, document, "activity-1"), default);

        Assert.Null(read);
        Assert.Empty(await _store.ListOwnedAsync("tenant", "megan", default));
        Assert.Empty(await _store.GetChunksAsync(id, default));
    }

    [Fact]
    public async Task ReadReceivedAsync_SameFileSentAgain_EarlierCopyKeptUntilTheNewOneIsStored()
    {
        await IngestAsync(Document("version one"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText, "k"),
            new DlpOptions(), default);
        var again = Document("version two"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText, "k");
        long id = await StartReadingAsync(again, "activity-2");

        var whileReading = await _store.ListOwnedAsync("tenant", "megan", default);
        var read = await _ingestion.ReadReceivedAsync(Job(id, again, "activity-2"), default);

        Assert.Equal([KnowledgeDocumentState.Ready, KnowledgeDocumentState.Reading], whileReading.Select(f => f.State));
        Assert.True(read!.Replaced);
        var file = Assert.Single(await _store.ListOwnedAsync("tenant", "megan", default));
        Assert.Equal((id, "megan/k"), (file.Id, file.SourceKey));
        Assert.Equal("version two", Assert.Single(await _store.GetChunksAsync(file.Id, default)).Text);
    }

    [Fact]
    public async Task ReadReceivedAsync_NewCopyRefused_EarlierCopyStays()
    {
        await IngestAsync(Document("version one"u8.ToArray(), "a.pdf", KnowledgeFileType.PlainText, "k"),
            new DlpOptions(), default);
        var damaged = Document("%PDF-1.4 garbage"u8.ToArray(), "a.pdf", KnowledgeFileType.Pdf, "k");
        long id = await StartReadingAsync(damaged, "activity-2");

        var read = await _ingestion.ReadReceivedAsync(Job(id, damaged, "activity-2"), default);

        Assert.Equal(FileRefusal.Unreadable, read!.Refusal);
        Assert.True(await _reading.AbandonAsync(id, default));
        var file = Assert.Single(await _store.ListOwnedAsync("tenant", "megan", default));
        Assert.Equal("version one", Assert.Single(await _store.GetChunksAsync(file.Id, default)).Text);
    }

    [Fact]
    public async Task IndexAsync_FileForgottenWhileEmbedding_NothingWrittenAndNoCard()
    {
        await ReadReceivedAsync(Document("The offsite is in Lisbon."u8.ToArray(), "a.txt", KnowledgeFileType.PlainText),
            new DlpOptions(), "activity-1");
        var claimed = await _queue.ClaimAsync("instance-a", DateTime.UtcNow, TimeSpan.FromMinutes(1), default);
        Assert.True(await _store.DeleteOwnedAsync("tenant", "megan", claimed!.Id, default));

        Assert.Null(await _ingestion.IndexAsync(claimed, "instance-a", default));
        Assert.Empty(await _store.ListOwnedAsync("tenant", "megan", default));
    }

    /// <summary>Receipt's row, the background reader, then the indexing worker, as the app runs them.</summary>
    private async Task<IngestionResult> IngestAsync(SourceDocument document, DlpOptions dlp, CancellationToken cancellationToken)
    {
        string activityId = Guid.NewGuid().ToString("N");
        long id = await StartReadingAsync(document, activityId);
        var read = await _ingestion.ReadReceivedAsync(Job(id, document, activityId) with { Dlp = dlp }, cancellationToken);
        if (!read!.IsStored)
        {
            // As the reader does with a refused file.
            Assert.True(await _reading.AbandonAsync(id, cancellationToken));
            return read;
        }

        var claimed = await _queue.ClaimAsync("instance-a", DateTime.UtcNow, TimeSpan.FromMinutes(1), cancellationToken);
        var indexed = await _ingestion.IndexAsync(claimed!, "instance-a", cancellationToken);
        return indexed!.IsStored ? read : indexed;
    }

    /// <summary>Receipt's reading row, then the background reader.</summary>
    private async Task<IngestionResult?> ReadReceivedAsync(SourceDocument document, DlpOptions dlp, string activityId)
    {
        long id = await StartReadingAsync(document, activityId);
        return await _ingestion.ReadReceivedAsync(Job(id, document, activityId) with { Dlp = dlp }, default);
    }

    private async Task<long> StartReadingAsync(SourceDocument document, string activityId) =>
        (await _reading.StartAsync(FileReadingStore.Row(document, activityId, "{}", DateTime.UtcNow,
            DateTime.UtcNow.AddMinutes(1)), document.SourceKey, default))!.Value;

    private static FileReadingJob Job(long id, SourceDocument document, string activityId) =>
        new(id, document, new DlpOptions(), new IndexingNotice("{}", activityId));

    private SourceDocument Document(byte[] content, string name, KnowledgeFileType type, string? key = null) =>
        new(TeamsFileSource.SourceKind, "megan/" + (key ?? Guid.NewGuid().ToString("N")), name, type,
            _server.Serve(content, name), DocumentAccess.Owner("tenant", "megan"));

    private bool ContainsInDatabaseFile(string value)
    {
        TeamsBot.Storage.SqlitePoolGate.ClearAllPools();
        var needle = System.Text.Encoding.UTF8.GetBytes(value);
        return Directory.GetFiles(Path.GetDirectoryName(_database.Path)!)
            .Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
    }

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new SocketsHttpHandler { AllowAutoRedirect = false });
    }
}
