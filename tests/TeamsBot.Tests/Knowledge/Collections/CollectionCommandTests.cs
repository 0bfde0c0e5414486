using TeamsBot.Audit;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary><c>TeamsBot knowledge collection …</c> against a real database file and folder, with the app's configuration.</summary>
public sealed class CollectionCommandTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly string _root = FolderSource.RealPath(Directory.CreateTempSubdirectory("teamsbot-cli-root-").FullName);

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task RunAsync_AddListReindexRemove_IndexedKeptInStepAndGone()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_root, "policies")).FullName;
        File.WriteAllText(Path.Combine(folder, "leave.txt"), "Employees get 25 days of annual leave.");
        File.WriteAllText(Path.Combine(folder, "travel.txt"), "Book trains for trips under four hours.");

        var (added, addOut, addError) = await RunAsync("add", "--name", "policies", "--folder", folder,
            "--readers", "group:3f0c,user:ann");
        File.Delete(Path.Combine(folder, "travel.txt"));
        var (listed, listOut, _) = await RunAsync("list");
        var (reindexed, reindexOut, _) = await RunAsync("reindex", "--name", "policies");
        var (removed, removeOut, _) = await RunAsync("remove", "--name", "policies");
        var (again, _, againError) = await RunAsync("remove", "--name", "policies");

        Assert.True(added == 0, addError);
        Assert.Contains("Indexed policies: 2 added, 0 updated, 0 unchanged, 0 removed, 0 refused.", addOut, StringComparison.Ordinal);
        Assert.Equal(0, listed);
        Assert.StartsWith("tenant-1\tpolicies\tgroup:3f0c,user:ann\t" + folder + "\t", listOut, StringComparison.Ordinal);
        Assert.Equal((0, "Indexed policies: 0 added, 0 updated, 1 unchanged, 1 removed, 0 refused."), (reindexed, reindexOut.Trim()));
        Assert.Equal((0, "Collection policies removed, with everything indexed from it."), (removed, removeOut.Trim()));
        Assert.Equal(CollectionCommand.ExitRefused, again);
        Assert.Contains("there is no collection policies", againError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FolderOutsideTheAllowedRoots_RefusedAndNothingAdded()
    {
        var (exit, _, error) = await RunAsync("add", "--name", "etc", "--folder", "/etc", "--readers", "group:g-1");
        var (_, listOut, _) = await RunAsync("list");

        Assert.Equal(CollectionCommand.ExitRefused, exit);
        Assert.Contains("AllowedRoots", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, listOut);
    }

    [Theory]
    [InlineData("add", "--name", "x", "--folder", "/srv")]
    [InlineData("add", "--folder", "/srv", "--readers", "group:g")]
    [InlineData("remove")]
    [InlineData("drop", "--name", "x")]
    [InlineData("list", "--name", "x")]
    public async Task RunAsync_BadArguments_UsageAndExit2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(AuditCommand.ExitUsage, exit);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CollectionCommand.RunAsync(args, output, error,
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = _database.ConnectionString,
                ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
                ["Graph:TenantId"] = "tenant-1",
                ["Policy:AllowedTenants:0"] = "tenant-1",
                ["Knowledge:Collections:AllowedRoots:0"] = _root,
            }, default);
        return (exit, output.ToString(), error.ToString());
    }
}
