using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Validates Adaptive Card JSON with the official parser (npm <c>adaptivecards</c>) through
/// <c>tests/node/validate-card.mjs</c>. Fails loudly when Node or the packages are missing: a skipped card check
/// would hide broken cards.
/// </summary>
public sealed class CardValidator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="expectedVersion">The schema version every card must declare (Teams renders up to 1.5).</param>
    public CardValidator(string expectedVersion = "1.5")
    {
        ExpectedVersion = expectedVersion;
    }

    public string ExpectedVersion { get; }

    private static string Script => Path.Combine(RepositoryPaths.NodeTools, "validate-card.mjs");

    public async Task<CardValidationResult> ValidateAsync(string cardJson, CancellationToken cancellationToken)
    {
        var results = await ValidateManyAsync([cardJson], cancellationToken);
        return results[0];
    }

    public Task<CardValidationResult> ValidateAsync(JsonNode card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        return ValidateAsync(card.ToJsonString(), cancellationToken);
    }

    /// <summary>Validates many cards with one Node process; results are in input order.</summary>
    public async Task<IReadOnlyList<CardValidationResult>> ValidateManyAsync(
        IReadOnlyList<string> cardsJson,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cardsJson);
        var input = new JsonArray();
        foreach (var json in cardsJson)
        {
            input.Add(JsonNode.Parse(json));
        }

        EnsureToolsInstalled();
        var startInfo = new ProcessStartInfo(FindNode())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepositoryPaths.NodeTools,
        };
        startInfo.ArgumentList.Add(Script);
        startInfo.ArgumentList.Add("--expect-version");
        startInfo.ArgumentList.Add(ExpectedVersion);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("Could not start node for the card validator.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(input.ToJsonString().AsMemory(), timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"validate-card.mjs exited with {process.ExitCode}: {errors.Trim()}");
            }

            return Parse(output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"validate-card.mjs did not finish within {Timeout}.");
        }
    }

    private static CardValidationResult[] Parse(string output)
    {
        var results = JsonNode.Parse(output)?.AsArray()
            ?? throw new InvalidOperationException("validate-card.mjs printed no JSON.");
        return results.OfType<JsonObject>().Select(result => new CardValidationResult(
            (int?)result["index"] ?? -1,
            (string?)result["declaredVersion"],
            (result["issues"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(i => new CardIssue((string?)i["phase"] ?? "", (string?)i["event"] ?? "", (string?)i["message"] ?? ""))
                .ToArray())).ToArray();
    }

    private static void EnsureToolsInstalled()
    {
        var package = Path.Combine(RepositoryPaths.NodeTools, "node_modules", "adaptivecards", "dist", "adaptivecards.js");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException(
                $"The Adaptive Cards parser is not installed ({package} is missing). "
                + "Run `npm ci --prefix tests/node` from the repository root.");
        }
    }

    private static string FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "node", "node.exe" })
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "node is not on PATH: the Adaptive Card checks need Node.js 20 or later. Install it, then run "
            + "`npm ci --prefix tests/node` from the repository root.");
    }
}
