using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Sources;

public sealed class TeamsFileSourceTests : IAsyncLifetime
{
    private DownloadServerDouble _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await DownloadServerDouble.StartAsync(default);
        var configuration = new ConfigurationManager();
        configuration["Knowledge:AllowedDownloadHosts:0"] = "127.0.0.1";
        _services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddKnowledge().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ReadAsync_AllowedHost_ReturnsTheBytes()
    {
        byte[] content = "quarterly numbers"u8.ToArray();

        byte[] read = await Source.ReadAsync(Document(_server.Serve(content)), 1024, default);

        Assert.Equal(content, read);
    }

    [Fact]
    public async Task ReadAsync_HostNotAllowed_RefusedWithoutARequest()
    {
        var elsewhere = new UriBuilder(_server.Serve("x"u8.ToArray())) { Host = "localhost" }.Uri;

        var refused = await Assert.ThrowsAsync<FileRefusedException>(() => Source.ReadAsync(Document(elsewhere), 1024, default));

        Assert.Equal(FileRefusal.HostNotAllowed, refused.Reason);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ReadAsync_RedirectToAHostNotAllowed_NotFollowed()
    {
        var target = new UriBuilder(_server.Serve("x"u8.ToArray())) { Host = "localhost" }.Uri;

        var refused = await Assert.ThrowsAsync<FileRefusedException>(
            () => Source.ReadAsync(Document(_server.Redirect(target)), 1024, default));

        Assert.Equal(FileRefusal.HostNotAllowed, refused.Reason);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ReadAsync_RedirectToAnAllowedHost_Followed()
    {
        byte[] read = await Source.ReadAsync(Document(_server.Redirect(_server.Serve("moved"u8.ToArray()))), 1024, default);

        Assert.Equal("moved"u8.ToArray(), read);
    }

    [Fact]
    public async Task ReadAsync_AnnouncedLargerThanTheCap_Refused()
    {
        var refused = await Assert.ThrowsAsync<FileRefusedException>(
            () => Source.ReadAsync(Document(_server.Serve(new byte[4096])), 4095, default));

        Assert.Equal(FileRefusal.TooLarge, refused.Reason);
    }

    [Fact]
    public async Task ReadAsync_UnannouncedBodyPastTheCap_StopsReading()
    {
        // 1 GB offered without Content-Length: reading stops just past the cap.
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var refused = await Assert.ThrowsAsync<FileRefusedException>(
            () => Source.ReadAsync(Document(_server.ServeUnannounced(1L << 30)), 1024 * 1024, default));

        Assert.Equal(FileRefusal.TooLarge, refused.Reason);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024);
    }

    [Theory]
    [InlineData("https://contoso-my.sharepoint.com/personal/megan/_layouts/15/download.aspx?UniqueId=1", true)]
    [InlineData("https://contoso.sharepoint.us/sites/x/download.aspx", true)]
    [InlineData("http://contoso.sharepoint.com/download.aspx", false)]
    [InlineData("https://sharepoint.com.evil.example/download.aspx", false)]
    [InlineData("https://evilsharepoint.com/download.aspx", false)]
    [InlineData("https://user:pass@contoso.sharepoint.com/download.aspx", false)]
    [InlineData("https://169.254.169.254/metadata", false)]
    public void Allows_DefaultHosts_OnlyMicrosoftsFileHostsOverHttps(string url, bool allowed)
    {
        var hosts = new DownloadHostAllowList(new FixedOptionsMonitor<KnowledgeOptions>(new KnowledgeOptions()));

        Assert.Equal(allowed, hosts.Allows(new Uri(url)));
    }

    private IDocumentSource Source => _services.GetRequiredService<IDocumentSource>();

    private static SourceDocument Document(Uri url) => new(TeamsFileSource.SourceKind, "u/1", "a.txt",
        KnowledgeFileType.PlainText, url, DocumentAccess.Owner("t", "u"));
}
