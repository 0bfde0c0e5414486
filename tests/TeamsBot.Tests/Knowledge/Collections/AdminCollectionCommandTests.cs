using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Policy;
using TeamsBot.Reports;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.Reports;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary>The Teams collection command, with membership read from the Graph double over HTTP and a real database.</summary>
public sealed class AdminCollectionCommandTests : IAsyncLifetime
{
    private const string AdminGroup = "6f1d2c3b-4a59-4e68-8d7c-0b1a2f3e4d5c";
    private readonly TempSqliteDatabase _database = new();
    private readonly HttpClient _http = new();
    private readonly EffectivePolicy _policy = AdmissionTests.Policy();
    private ModelServerDouble _model = null!;
    private GraphDouble _graph = null!;
    private CollectionTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _graph = await GraphDouble.StartAsync();
        _graph.Users["admin-1"] = ("Ada Admin", "IT", [AdminGroup]);
        _graph.Users["user-1"] = ("Ann Example", "Finance", ["g-finance"]);
        _bed = new CollectionTestBed(_database, TestEmbedders.Model(_model));
    }

    public async Task DisposeAsync()
    {
        _bed.Dispose();
        await _graph.DisposeAsync();
        await _model.DisposeAsync();
        _http.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task TryHandleAsync_AdminAddsListsReindexesRemoves_CollectionThereThenGone()
    {
        string folder = _bed.Folder("finance policies");
        var command = Command();

        var added = await command.TryHandleAsync(
            Message($"collection add --name finance --folder \"{folder}\" --readers group:g-finance,user:user-2", "admin-1"), default);
        var listed = await command.TryHandleAsync(Message("collections", "admin-1"), default);
        var reindexed = await command.TryHandleAsync(Message("collection reindex --name finance", "admin-1"), default);
        var stored = Assert.Single(await _bed.Store.ListAsync("tenant-1", default));
        var removed = await command.TryHandleAsync(Message("collection remove --name finance", "admin-1"), default);

        Assert.Contains("Collection finance added", CardJson.Serialize(Assert.Single(added!)), StringComparison.Ordinal);
        Assert.Contains("group:g-finance,user:user-2", CardJson.Serialize(Assert.Single(listed!)), StringComparison.Ordinal);
        Assert.Contains("Re-indexing finance", CardJson.Serialize(Assert.Single(reindexed!)), StringComparison.Ordinal);
        Assert.Equal(("finance", folder, "group:g-finance,user:user-2", "admin-1"),
            (stored.Name, stored.Location, stored.Readers, stored.CreatedBy));
        Assert.Contains("Collection finance removed", CardJson.Serialize(Assert.Single(removed!)), StringComparison.Ordinal);
        Assert.Empty(await _bed.Store.ListAsync(null, default));
    }

    [Theory]
    [InlineData("user-1", ConversationScope.Personal)]
    [InlineData("admin-1", ConversationScope.Channel)]
    public async Task TryHandleAsync_NotAnAdminOrNotPersonal_RefusalCardAndNothingAdded(string user, ConversationScope scope)
    {
        string folder = _bed.Folder("finance");

        var answer = await Command().TryHandleAsync(
            Message($"collection add --name finance --folder {folder} --readers group:g-finance", user, scope), default);

        Assert.Contains("Only admins manage document collections", CardJson.Serialize(Assert.Single(answer!)), StringComparison.Ordinal);
        Assert.Empty(await _bed.Store.ListAsync(null, default));
    }

    [Fact]
    public async Task TryHandleAsync_DirectoryDown_RefusedFailingClosed()
    {
        _graph.FailWith = 503;

        var answer = await Command().TryHandleAsync(
            Message($"collection add --name finance --folder {_bed.Folder("finance")} --readers group:g-finance", "admin-1"), default);

        Assert.Contains("Only admins", CardJson.Serialize(Assert.Single(answer!)), StringComparison.Ordinal);
        Assert.Empty(await _bed.Store.ListAsync(null, default));
    }

    [Theory]
    [InlineData("/etc", "AllowedRoots")]
    [InlineData("{root}/finance/../..", "'..'")]
    public async Task TryHandleAsync_FolderOutsideTheAllowedRoots_RefusedSayingWhy(string folder, string reason)
    {
        _bed.Folder("finance");

        var answer = await Command().TryHandleAsync(Message(
            $"collection add --name x --folder {folder.Replace("{root}", _bed.Root, StringComparison.Ordinal)} --readers group:g-1",
            "admin-1"), default);

        Assert.Contains(reason, CardJson.Serialize(Assert.Single(answer!)), StringComparison.Ordinal);
        Assert.Empty(await _bed.Store.ListAsync(null, default));
    }

    [Theory]
    [InlineData("group:")]
    [InlineData("everyone")]
    [InlineData("group:g-1;drop")]
    public async Task TryHandleAsync_BadReaders_RefusedAndNothingAdded(string readers)
    {
        var answer = await Command().TryHandleAsync(Message(
            $"collection add --name x --folder {_bed.Folder("finance")} --readers {readers}", "admin-1"), default);

        Assert.Contains("not done", CardJson.Serialize(Assert.Single(answer!)), StringComparison.Ordinal);
        Assert.Empty(await _bed.Store.ListAsync(null, default));
    }

    [Theory]
    [InlineData("collection of essays by Orwell, please summarise")]
    [InlineData("what is a collection?")]
    public async Task TryHandleAsync_AQuestion_NotACommand(string text)
    {
        Assert.Null(await Command().TryHandleAsync(Message(text, "user-1"), default));
    }

    private static IncomingMessage Message(string text, string userId, ConversationScope scope = ConversationScope.Personal) =>
        TestTurns.Incoming(text, "a1", userId: userId, scope: scope);

    private AdminCollectionCommand Command()
    {
        var directory = GraphDoubleDirectory.Create(_graph, _http);
        var policies = new DelegatePolicyProvider(() => _policy);
        var options = new FixedOptionsMonitor<ReportOptions>(new ReportOptions { AdminGroup = AdminGroup });
        var builder = new UsageReportBuilder(new ActivityQuery(_database),
            new DirectoryLookup(directory, NullLogger<DirectoryLookup>.Instance), policies, options);
        var admins = new AdminReportCommand(builder, directory, policies, options, new FakeTimeProvider(),
            NullLogger<AdminReportCommand>.Instance);
        return new AdminCollectionCommand(admins, _bed.Administration, _bed.Store, NullLogger<AdminCollectionCommand>.Instance);
    }
}
