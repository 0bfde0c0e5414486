using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Export;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Export;

/// <summary>The upload into a OneDrive upload session, against the session double over real HTTP.</summary>
public sealed class ExportUploaderTests : IAsyncLifetime
{
    private UploadSessionDouble _oneDrive = null!;

    public async Task InitializeAsync() => _oneDrive = await UploadSessionDouble.StartAsync(default);

    public async Task DisposeAsync() => await _oneDrive.DisposeAsync();

    [Fact]
    public async Task UploadAsync_LargerThanAChunk_ConsecutiveRangesAndTheSessionHoldsTheFile()
    {
        var file = new byte[(2 * ExportOptions.UploadChunkUnit) + 1000];
        new Random(7).NextBytes(file);
        var session = _oneDrive.NewSession();

        bool uploaded = await Uploader().UploadAsync(session, file, default);

        Assert.True(uploaded);
        Assert.Equal(file, _oneDrive.Completed(session));
        Assert.Equal(
        [
            ("bytes 0-327679/656360", 202),
            ("bytes 327680-655359/656360", 202),
            ("bytes 655360-656359/656360", 201),
        ], _oneDrive.Requests.Select(r => (r.ContentRange, r.Status)));
    }

    [Fact]
    public async Task UploadAsync_SessionRefusesTheRange_False()
    {
        var session = _oneDrive.NewSession();
        Assert.True(await Uploader().UploadAsync(session, new byte[10], default));

        // The session is complete: a second upload starts at byte 0 again, which it refuses.
        bool again = await Uploader().UploadAsync(session, new byte[10], default);

        Assert.False(again);
        Assert.Equal(416, _oneDrive.Requests[^1].Status);
    }

    [Fact]
    public async Task UploadAsync_NoSessionThere_False() =>
        Assert.False(await Uploader().UploadAsync(new Uri(_oneDrive.BaseAddress, "/no-such-session"), new byte[10], default));

    private static ExportUploader Uploader() =>
        new(new SingleClientFactory(),
            new FixedOptionsMonitor<ExportOptions>(new ExportOptions { UploadChunkBytes = ExportOptions.UploadChunkUnit }),
            NullLogger<ExportUploader>.Instance);

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
