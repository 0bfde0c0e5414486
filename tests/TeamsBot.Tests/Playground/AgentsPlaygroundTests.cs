using System.Diagnostics;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Playground;

/// <summary>
/// A real Teams client: the Microsoft 365 Agents Playground, driven in Chromium, talking to the real bot
/// (Development, anonymous on loopback) with a streaming-capable model double. Screenshots land in
/// TestResults/playground.
/// </summary>
public sealed class AgentsPlaygroundTests
{
    [Theory]
    [InlineData("personal")]
    [InlineData("group")]
    public async Task Scenario_InTheRealClient_PersonSeesTheAnswerCard(string scenario)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: run the README's test command (it installs it).");
        string repo = RepositoryPaths.Root;
        var start = new ProcessStartInfo("bash", [Path.Combine(repo, "tests/node/playground/run-e2e.sh"), scenario])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repo,
        };
        start.Environment["BOT_DLL"] = RepositoryPaths.AppAssembly;
        start.Environment["E2E_ARTIFACTS"] = Path.Combine(repo, "TestResults", "playground", scenario);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string log = await output + await error;
        Assert.True(process.ExitCode == 0, $"{scenario} failed (exit {process.ExitCode}):\n{log}");
        Assert.Contains("1 passed, 0 failed", log, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(start.Environment["E2E_ARTIFACTS"]!, "*.png", SearchOption.AllDirectories).Any(),
            "no screenshot was saved");
    }
}
