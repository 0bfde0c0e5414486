using System.Text.Json;
using TeamsBot.Tests.Infra;

namespace TeamsBot.Tests.AppPackage;

/// <summary>
/// Runs tests/node/validate-manifest.mjs, which validates a manifest with Microsoft's @microsoft/app-manifest package
/// against the JSON schema bundled in that package (offline). Fails the test, never skips it, when node or the npm
/// packages are missing.
/// </summary>
public static class ManifestValidator
{
    private const string SetupHint = "Run the test command, which runs `npm ci --prefix tests/node` before `dotnet test` (Node.js 20 or later must be on PATH).";

    /// <summary>Schema validation errors for the manifest JSON in <paramref name="manifestJson"/>; empty when valid.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string manifestJson)
    {
        var node = ExternalProcess.FindOnPath("node");
        if (node is null)
        {
            Assert.Fail($"node was not found on PATH, so the Teams manifest cannot be validated. {SetupHint}");
        }

        var package = Path.Combine(RepositoryPaths.NodeTests, "node_modules", "@microsoft", "app-manifest", "package.json");
        if (!File.Exists(package))
        {
            Assert.Fail($"The npm package @microsoft/app-manifest is not installed in tests/node/node_modules. {SetupHint}");
        }

        var directory = Directory.CreateTempSubdirectory("teamsbot-manifest-");
        try
        {
            var file = Path.Combine(directory.FullName, "manifest.json");
            await File.WriteAllTextAsync(file, manifestJson);

            var result = await ExternalProcess.RunAsync(
                node!,
                [Path.Combine(RepositoryPaths.NodeTests, "validate-manifest.mjs"), file],
                RepositoryPaths.Root,
                environment: null,
                TimeSpan.FromMinutes(1));

            if (result.ExitCode is not (0 or 1))
            {
                Assert.Fail($"validate-manifest.mjs could not run. {SetupHint}\n{result.Output}");
            }

            using var output = JsonDocument.Parse(result.StandardOutput);
            var errors = output.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();
            Assert.True(
                (result.ExitCode == 0) == (errors.Count == 0),
                $"validate-manifest.mjs exit code and errors disagree:\n{result.Output}");
            return errors;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
