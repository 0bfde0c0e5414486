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
    public async Task Format_EveryBicepFile_IsAlreadyFormatted()
    {
        // Format a copy of infra/ in place and compare: every file must come out unchanged.
        var copy = Directory.CreateTempSubdirectory("teamsbot-bicep-format-");
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryPaths.Infra, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(RepositoryPaths.Infra, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var result = await BicepCli.RunInAsync(copy.FullName, "format", "--pattern", "**/*.bicep");
            Assert.True(result.ExitCode == 0, $"bicep format failed:\n{result.Output}");

            var unformatted = Directory.GetFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(RepositoryPaths.Infra, f))
                .Where(r => Normalize(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, r))) != Normalize(File.ReadAllText(Path.Combine(copy.FullName, r))))
                .ToList();
            Assert.True(unformatted.Count == 0, "Not formatted (run `bicep format infra/<file>`): " + string.Join(", ", unformatted));
        }
        finally
        {
            copy.Delete(recursive: true);
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
