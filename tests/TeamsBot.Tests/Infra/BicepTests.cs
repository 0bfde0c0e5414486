using System.Text.RegularExpressions;

namespace TeamsBot.Tests.Infra;

/// <summary>The official Bicep CLI builds, lints and formats infra/ without a single diagnostic.</summary>
public sealed partial class BicepTests
{
    [Fact]
    public async Task Build_MainBicep_SucceedsWithoutDiagnostics()
    {
        var result = await CompiledTemplate.BuildAsync();

        Assert.True(result.ExitCode == 0, $"bicep build failed:\n{result.Output}");
        Assert.True(string.IsNullOrWhiteSpace(result.StandardError), $"bicep build reported diagnostics:\n{result.StandardError}");
    }

    [Fact]
    public async Task Lint_MainBicepAndModules_ReportsNothing()
    {
        // Linting main.bicep also lints every module it references.
        var result = await BicepCli.RunAsync("lint", "main.bicep");

        Assert.True(result.ExitCode == 0, $"bicep lint failed:\n{result.Output}");
        Assert.True(
            string.IsNullOrWhiteSpace(result.StandardOutput) && string.IsNullOrWhiteSpace(result.StandardError),
            $"bicep lint reported diagnostics (fix them, or accept one in infra/bicepconfig.json with a comment saying why):\n{result.Output}");
    }

    [Fact]
    public async Task Lint_EveryModuleOnItsOwn_ReportsNothing()
    {
        foreach (var module in Directory.GetFiles(Path.Combine(RepositoryPaths.Infra, "modules"), "*.bicep"))
        {
            var result = await BicepCli.RunAsync("lint", Path.GetRelativePath(RepositoryPaths.Infra, module));

            Assert.True(
                result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.StandardOutput) && string.IsNullOrWhiteSpace(result.StandardError),
                $"bicep lint {Path.GetFileName(module)}:\n{result.Output}");
        }
    }

    [Fact]
    public async Task Format_EveryBicepFile_IsAlreadyFormatted()
    {
        foreach (var file in Directory.GetFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Infra, file);
            var result = await BicepCli.RunAsync("format", relative, "--stdout");

            Assert.True(result.ExitCode == 0, $"bicep format {relative}:\n{result.Output}");
            Assert.True(
                Normalize(await File.ReadAllTextAsync(file)) == Normalize(result.StandardOutput),
                $"{relative} is not formatted: run `bicep format infra/{relative}`.");
        }
    }

    [Fact]
    public void BicepConfig_RulesBelowDefault_AreExplainedByAComment()
    {
        // A rule turned down to "off", "info" or "warning" is a decision to accept something; the line above it (or the
        // rule's own line) must say why.
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"));
        var unexplained = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = RuleLevel().Match(lines[i]);
            if (!match.Success || match.Groups["level"].Value == "error")
            {
                continue;
            }

            var commented = lines[i].Contains("//", StringComparison.Ordinal) || (i > 0 && lines[i - 1].TrimStart().StartsWith("//", StringComparison.Ordinal));
            if (!commented)
            {
                unexplained.Add($"line {i + 1}: {lines[i].Trim()}");
            }
        }

        Assert.True(unexplained.Count == 0, "Linter rules accepted without a comment:\n" + string.Join('\n', unexplained));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    [GeneratedRegex("\"(?<rule>[a-z0-9-]+)\"\\s*:\\s*\\{\\s*\"level\"\\s*:\\s*\"(?<level>[a-z]+)\"")]
    private static partial Regex RuleLevel();
}
