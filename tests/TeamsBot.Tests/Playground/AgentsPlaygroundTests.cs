using System.Diagnostics;
using System.Text.Json;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Playground;

/// <summary>
/// A real Teams client: the Microsoft 365 Agents Playground, driven in Chromium, talking to the real bot
/// (Development, anonymous on loopback) with a streaming model double. One run of
/// <c>tests/node/playground/run-e2e.sh all</c> serves every test here (one bot and Playground start for all
/// scenarios); each test reports one scenario. Screenshots and logs land in TestResults/playground.
/// </summary>
public sealed class AgentsPlaygroundTests(AgentsPlaygroundRun run) : IClassFixture<AgentsPlaygroundRun>
{
    /// <summary>Every scenario drive.mjs knows, with the screenshots of its key moments.</summary>
    private static readonly Dictionary<string, string[]> KeyScreenshots = new(StringComparer.Ordinal)
    {
        ["welcome"] = ["welcome.png"],
        ["personal"] = ["personal-streaming.png", "personal-answer.png"],
        ["channel"] = ["channel-answer.png"],
        ["group"] = ["group-answer.png"],
        ["feedback"] = ["feedback.png"],
        ["files"] = ["files-answer.png", "files-citation.png"],
    };

    [Theory]
    [InlineData("welcome")]
    [InlineData("personal")]
    [InlineData("channel")]
    [InlineData("group")]
    [InlineData("feedback")]
    [InlineData("files")]
    public void Scenario_InTheRealClient_Passes(string scenario)
    {
        Assert.True(run.Results.TryGetValue(scenario, out var result),
            $"run-e2e.sh reported nothing for \"{scenario}\" (exit {run.ExitCode}):\n{run.Log}");
        Assert.True(result.Ok, $"{scenario} failed: {result.Error}\nartifacts: {run.Artifacts}\n{run.Log}");
        foreach (string name in KeyScreenshots[scenario])
        {
            string path = Path.Combine(run.Artifacts, name);
            Assert.True(File.Exists(path) && new FileInfo(path).Length > 0, $"{scenario} saved no screenshot {path}");
        }
    }

    [Fact]
    public void EveryScenario_HasATestHere()
    {
        string[] tested = [.. KeyScreenshots.Keys.Order(StringComparer.Ordinal)];
        string[] ran = [.. run.Results.Keys.Order(StringComparer.Ordinal)];
        Assert.True(tested.SequenceEqual(ran, StringComparer.Ordinal),
            $"tests here: {string.Join(", ", tested)}; run-e2e.sh all ran: {string.Join(", ", ran)} "
            + $"(exit {run.ExitCode})\n{run.Log}");
    }
}

/// <summary>Runs <c>run-e2e.sh all</c> once and keeps each scenario's JSON result line.</summary>
public sealed class AgentsPlaygroundRun : IAsyncLifetime
{
    public string Artifacts { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "playground");

    public int ExitCode { get; private set; } = -1;

    public string Log { get; private set; } = string.Empty;

    public IReadOnlyDictionary<string, ScenarioResult> Results { get; private set; } =
        new Dictionary<string, ScenarioResult>();

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            Log = "Chromium is missing: run the README's test command (it installs it).";
            return;
        }

        string repo = RepositoryPaths.Root;
        var start = new ProcessStartInfo("bash", [Path.Combine(repo, "tests/node/playground/run-e2e.sh"), "all"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repo,
        };
        start.Environment["BOT_DLL"] = RepositoryPaths.AppAssembly;
        start.Environment["E2E_ARTIFACTS"] = Artifacts;
        using var process = Process.Start(start)!;
        // Green, the run takes about a minute; a scenario that fails waits out its step timeouts (30 s each).
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(7));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            Log = await output + await error;
            ExitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // SIGKILL to the script would leave its servers running: kill the whole tree.
            process.Kill(entireProcessTree: true);
            Log = "run-e2e.sh did not finish within 7 minutes";
        }

        string results = Path.Combine(Artifacts, "results.jsonl");
        if (File.Exists(results))
        {
            Results = File.ReadLines(results)
                .Where(line => line.TrimStart().StartsWith('{'))
                .Select(line => JsonSerializer.Deserialize<ScenarioResult>(line, JsonOptions)!)
                .ToDictionary(r => r.Scenario, StringComparer.Ordinal);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
}

/// <summary>drive.mjs's one JSON line per scenario (the fields the tests read).</summary>
public sealed record ScenarioResult(string Scenario, bool Ok, string? Error, string? Screenshot);
