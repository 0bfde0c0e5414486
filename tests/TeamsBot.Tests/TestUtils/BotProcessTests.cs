using System.Net;

namespace TeamsBot.Tests.TestUtils;

/// <summary>The child-process runner against the real app: start, output, restart on the same data, exit codes.</summary>
public sealed class BotProcessTests
{
    [Fact]
    public async Task StartAsync_Development_HealthyOnLoopbackAndOutputCaptured()
    {
        await using var bot = await BotProcess.StartAsync(new BotProcessOptions(), CancellationToken.None);

        using var response = await bot.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, new Uri(bot.BaseAddress, "healthz")), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1", bot.BaseAddress.Host);
        await bot.WaitForOutputAsync(
            l => l.Contains(bot.BaseAddress.Authority, StringComparison.Ordinal), TimeSpan.FromSeconds(5), CancellationToken.None);
    }

    [Fact]
    public async Task RestartAsync_SameDataDirectory_DatabaseKeptAndHealthyAgain()
    {
        await using var bot = await BotProcess.StartAsync(new BotProcessOptions(), CancellationToken.None);
        var firstProcess = bot.ProcessId;
        Assert.True(File.Exists(bot.DatabasePath), "the app should create its SQLite file in the data folder");

        await bot.RestartAsync(CancellationToken.None);

        Assert.NotEqual(firstProcess, bot.ProcessId);
        Assert.True(File.Exists(bot.DatabasePath));
        using var response = await bot.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, new Uri(bot.BaseAddress, "healthz")), CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StopAsync_Graceful_ExitCodeZero()
    {
        await using var bot = await BotProcess.StartAsync(new BotProcessOptions(), CancellationToken.None);

        var exitCode = await bot.StopAsync(CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.True(bot.HasExited);
    }

    [Fact]
    public async Task DisposeAsync_OwnTempFolder_Deleted()
    {
        var bot = await BotProcess.StartAsync(new BotProcessOptions(), CancellationToken.None);
        var folder = bot.DataDirectory;

        await bot.DisposeAsync();

        Assert.True(bot.HasExited);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task RunUntilExitAsync_UnusableUrl_NonZeroExitWithOutput()
    {
        var result = await BotProcess.RunUntilExitAsync(
            new BotProcessOptions { Urls = "http://127.0.0.1:notaport" }, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.False(result.BecameHealthy);
        Assert.False(result.TimedOut);
        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEmpty(result.Output);
    }
}
