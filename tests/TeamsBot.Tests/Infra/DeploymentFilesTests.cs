using System.Text.Json;
using System.Text.RegularExpressions;

namespace TeamsBot.Tests.Infra;

/// <summary>
/// The files around main.bicep agree with it: the parameters files (azd and Agents Toolkit) only name real
/// parameters and give every required one, the outputs the package tool needs exist, and azure.yaml /
/// m365agents.yml point at files that exist.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    [Theory]
    [InlineData("main.parameters.json")]
    [InlineData("main.parameters.m365agents.json")]
    public async Task ParametersFile_EveryName_IsAParameterOfMainBicep(string file)
    {
        var parameters = (await CompiledTemplate.GetAsync()).GetProperty("parameters");
        var given = ReadParameterNames(file);

        var unknown = given.Where(n => !parameters.TryGetProperty(n, out _)).ToList();

        Assert.True(unknown.Count == 0, $"infra/{file} sets parameters main.bicep does not declare: {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData("main.parameters.json")]
    [InlineData("main.parameters.m365agents.json")]
    public async Task ParametersFile_RequiredParameters_AreGiven(string file)
    {
        var parameters = (await CompiledTemplate.GetAsync()).GetProperty("parameters");
        var given = ReadParameterNames(file);

        var required = parameters.EnumerateObject().Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name).ToList();
        var missing = required.Except(given, StringComparer.Ordinal).ToList();

        Assert.NotEmpty(required);
        Assert.True(missing.Count == 0, $"infra/{file} does not give required parameters: {string.Join(", ", missing)}");
    }

    [Fact]
    public void AzdParametersFile_Values_UseAzdEnvironmentSyntax()
    {
        // azd substitutes ${NAME} and ${NAME=default}; the Toolkit's ${{NAME}} would reach Azure unreplaced.
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json"));

        Assert.DoesNotContain("${{", text, StringComparison.Ordinal);
        Assert.Contains("\"${AZURE_ENV_NAME}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolkitParametersFile_Values_UseToolkitSyntax()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.m365agents.json"));

        Assert.DoesNotMatch(AzdVariable(), text);
    }

    [Theory]
    [InlineData("BOT_ID")]
    [InlineData("BOT_DOMAIN")]
    [InlineData("BOT_AZURE_APP_SERVICE_RESOURCE_ID")]
    public async Task Outputs_UsedByPackagingAndDeployment_Exist(string output)
    {
        var outputs = (await CompiledTemplate.GetAsync()).GetProperty("outputs");

        Assert.True(outputs.TryGetProperty(output, out _), $"main.bicep must output {output} (written to the azd / Toolkit env file).");
    }

    [Fact]
    public async Task Outputs_ContainNoSecrets()
    {
        var outputs = (await CompiledTemplate.GetAsync()).GetProperty("outputs");

        foreach (var output in outputs.EnumerateObject())
        {
            Assert.DoesNotContain("secure", output.Value.GetProperty("type").GetString()!, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(SecretLikeName(), output.Name);
        }
    }

    [Fact]
    public void AzureYaml_Service_DeploysTheAppToAppServiceFromInfra()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));

        Assert.Matches(@"(?m)^infra:\s*\n(\s+.*\n)*?\s+path:\s*infra\s*$", yaml);
        Assert.Matches(@"(?m)^services:\s*\n\s+teamsbot:\s*\n(\s+.*\n)*?\s+project:\s*\./src/TeamsBot\s*$", yaml);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", yaml);
        Assert.Matches(@"(?m)^\s+host:\s*appservice\s*$", yaml);

        // azd finds the web app through this tag.
        var web = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "modules", "web.bicep"));
        var main = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.bicep"));
        Assert.Contains("'azd-service-name': serviceName", web, StringComparison.Ordinal);
        Assert.Contains("serviceName: 'teamsbot'", main, StringComparison.Ordinal);
    }

    [Fact]
    public void M365AgentsYml_ReferencedFiles_Exist()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("m365agents.yml"));
        var paths = FileReference().Matches(yaml).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal).ToList();

        Assert.Contains("./appPackage/manifest.json", paths);
        Assert.Contains("./infra/main.bicep", paths);
        Assert.Contains("./infra/main.parameters.m365agents.json", paths);
        Assert.All(paths, p => Assert.True(File.Exists(RepositoryPaths.Combine(p)) || Directory.Exists(RepositoryPaths.Combine(p)), $"m365agents.yml refers to {p}, which does not exist"));
        Assert.Contains("uses: teamsApp/zipAppPackage", yaml, StringComparison.Ordinal);
        Assert.Contains("uses: arm/deploy", yaml, StringComparison.Ordinal);
        Assert.Contains("resourceId: ${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}", yaml, StringComparison.Ordinal);
    }

    private static List<string> ReadParameterNames(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, file)));
        return [.. document.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name)];
    }

    [GeneratedRegex(@"\$\{[A-Za-z_]")]
    private static partial Regex AzdVariable();

    [GeneratedRegex("(?i)(password|secret|key|connectionstring)$")]
    private static partial Regex SecretLikeName();

    // Values of path-like keys that point into the repository: `path: ./x`, `manifestPath: ./x`, `parameters: ./x`.
    [GeneratedRegex(@"(?m)^\s*-?\s*(?:path|manifestPath|parameters):\s*(?<path>\./[^\s$]+)\s*$")]
    private static partial Regex FileReference();
}
