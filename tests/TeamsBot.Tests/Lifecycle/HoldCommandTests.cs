using TeamsBot.Audit;
using TeamsBot.Lifecycle;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Lifecycle;

/// <summary><c>TeamsBot hold …</c> against a real database file, with the app's configuration.</summary>
public sealed class HoldCommandTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task RunAsync_PlaceListLift_HoldInForceThenGoneAndTheChainVerifies()
    {
        var (placed, placeOut, _) = await RunAsync("place", "--tenant", "tenant-1", "--conversation", "19:c@thread.tacv2",
            "--reason", "Matter 2026-17");
        var (listed, listOut, _) = await RunAsync("list");
        var (lifted, liftOut, _) = await RunAsync("lift", "--id", "1");
        var (again, _, againError) = await RunAsync("lift", "--id", "1");
        var (verified, verifyOut, _) = await RunAsync(AuditCommand.RunAsync, "verify");

        Assert.Equal((0, "Hold 1 placed on conversation 19:c@thread.tacv2 in tenant tenant-1."), (placed, placeOut.Trim()));
        Assert.Equal(0, listed);
        Assert.StartsWith("1\ttenant-1\tconversation 19:c@thread.tacv2\t", listOut, StringComparison.Ordinal);
        Assert.EndsWith("\tcli\tMatter 2026-17", listOut.Trim(), StringComparison.Ordinal);
        Assert.Equal((0, "Hold 1 on conversation 19:c@thread.tacv2 lifted."), (lifted, liftOut.Trim()));
        Assert.Equal((HoldCommand.ExitNoSuchHold, "hold lift: there is no hold 1 (see 'hold list')."), (again, againError.Trim()));
        Assert.Equal(AuditCommand.ExitOk, verified);
        Assert.Contains("2 records", verifyOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("place", "--tenant", "t", "--reason", "r")]
    [InlineData("place", "--tenant", "t", "--user", "u", "--conversation", "c", "--reason", "r")]
    [InlineData("place", "--tenant", "t", "--user", "u")]
    [InlineData("lift", "--id", "one")]
    [InlineData("lift")]
    [InlineData("drop")]
    [InlineData("list", "--user", "u")]
    public async Task RunAsync_BadArguments_UsageAndExit2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(AuditCommand.ExitUsage, exit);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        RunAsync(HoldCommand.RunAsync, args);

    private async Task<(int Exit, string Output, string Error)> RunAsync(
        Func<string[], TextWriter, TextWriter, IReadOnlyDictionary<string, string?>?, CancellationToken, Task<int>> verb,
        params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await verb(args, output, error,
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = _database.ConnectionString,
                ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
            }, default);
        return (exit, output.ToString(), error.ToString());
    }
}
