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
    private FileIngestion _ingestion = null!;

    public async Task InitializeAsync()
    {
        _server = await DownloadServerDouble.StartAsync(default);
        _model = await ModelServerDouble.StartAsync(default);
        var options = new FixedOptionsMonitor<KnowledgeOptions>(new KnowledgeOptions { AllowedDownloadHosts = ["127.0.0.1"] });
        var source = new TeamsFileSource(new SingleClientFactory(), new DownloadHostAllowList(options),
            NullLogger<TeamsFileSource>.Instance);
        _store = new EfKnowledgeStore(_database);
        _ingestion = new FileIngestion([source], _store, TestEmbedders.Model(_model), new DlpScanner(), options,
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

        var result = await _ingestion.IngestAsync(Document(docx, "runbook.docx", KnowledgeFileType.Word), new DlpOptions(), default);

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

        await _ingestion.IngestAsync(Document(docx, "runbook.docx", KnowledgeFileType.Word), new DlpOptions(), default);

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

        var result = await _ingestion.IngestAsync(Document("some text"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText),
            new DlpOptions(), default);

        Assert.Equal(FileRefusal.IndexingFailed, result.Refusal);
        Assert.Empty(await _store.ListOwnedAsync("tenant", "megan", default));
    }

    [Fact]
    public async Task IngestAsync_AuditOnlyPolicy_StillRedactsWhatIsStored()
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes($"key {AwsKey}");

        await _ingestion.IngestAsync(Document(text, "notes.txt", KnowledgeFileType.PlainText),
            new DlpOptions { Mode = DlpMode.AuditOnly }, default);

        Assert.False(ContainsInDatabaseFile(AwsKey));
    }

    [Fact]
    public async Task IngestAsync_SameFileAgain_ReplacedNotDuplicated()
    {
        var first = await _ingestion.IngestAsync(Document("version one"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText, "k"),
            new DlpOptions(), default);
        var second = await _ingestion.IngestAsync(Document("version two"u8.ToArray(), "a.txt", KnowledgeFileType.PlainText, "k"),
            new DlpOptions(), default);

        Assert.Equal((false, true), (first.Replaced, second.Replaced));
        var file = Assert.Single(await _store.ListOwnedAsync("tenant", "megan", default));
        Assert.Equal("version two", Assert.Single(await _store.GetChunksAsync(file.Id, default)).Text);
    }

    [Fact]
    public async Task IngestAsync_DamagedFile_RefusedAndNothingStored()
    {
        var result = await _ingestion.IngestAsync(Document("%PDF-1.4 garbage"u8.ToArray(), "x.pdf", KnowledgeFileType.Pdf),
            new DlpOptions(), default);

        Assert.Equal(FileRefusal.Unreadable, result.Refusal);
        Assert.Empty(await _store.ListOwnedAsync("tenant", "megan", default));
    }

    private SourceDocument Document(byte[] content, string name, KnowledgeFileType type, string? key = null) =>
        new(TeamsFileSource.SourceKind, "megan/" + (key ?? Guid.NewGuid().ToString("N")), name, type,
            _server.Serve(content, name), DocumentAccess.Owner("tenant", "megan"));

    private bool ContainsInDatabaseFile(string value)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var needle = System.Text.Encoding.UTF8.GetBytes(value);
        return Directory.GetFiles(Path.GetDirectoryName(_database.Path)!)
            .Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
    }

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new SocketsHttpHandler { AllowAutoRedirect = false });
    }
}
