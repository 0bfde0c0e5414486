using System.IO.Compression;
using System.Text.Json;

namespace TeamsBot.Tests.AppPackage;

/// <summary>
/// `dotnet run appPackage/package.cs -- …`, run as an admin runs it: fills the placeholders, writes a zip with the
/// manifest and icons at its root, and refuses to write a package with an unfilled placeholder.
/// </summary>
public sealed class PackageToolTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("teamsbot-package-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task Package_AllValuesGiven_WritesZipWithFilledManifestAndIconsAtRoot()
    {
        var envFile = WriteEnvFile(ManifestTemplate.TestValues.Where(v => v.Key != "BOT_ID"));
        var zipPath = Path.Combine(work.FullName, "out", "TeamsBot.test.zip");

        var result = await PackageToolRunner.RunPackageAsync(
            "--env", "test", "--env-file", envFile, "--set", $"BOT_ID={ManifestTemplate.TestValues["BOT_ID"]}", "--out", zipPath);

        Assert.True(result.ExitCode == 0, result.Output);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        var manifest = await ReadEntryAsync(zip, "manifest.json");
        Assert.DoesNotContain("${{", manifest, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(manifest);
        Assert.Equal(ManifestTemplate.TestValues["TEAMS_APP_ID"], document.RootElement.GetProperty("id").GetString());
        Assert.Equal(ManifestTemplate.TestValues["BOT_ID"], document.RootElement.GetProperty("bots")[0].GetProperty("botId").GetString());

        var errors = await ManifestValidator.ValidateAsync(manifest);
        Assert.True(errors.Count == 0, "The packaged manifest fails the schema:\n" + string.Join('\n', errors));

        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Infra.RepositoryPaths.AppPackage, "color.png")), await ReadEntryBytesAsync(zip, "color.png"));
    }

    [Fact]
    public async Task Package_PlaceholderWithoutValue_RefusesAndNamesIt()
    {
        var envFile = WriteEnvFile(ManifestTemplate.TestValues.Select(v => v.Key == "PRIVACY_URL" ? new KeyValuePair<string, string>(v.Key, string.Empty) : v));
        var zipPath = Path.Combine(work.FullName, "TeamsBot.test.zip");

        var result = await PackageToolRunner.RunPackageAsync("--env", "test", "--env-file", envFile, "--out", zipPath);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("${{PRIVACY_URL}}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("no package written", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath), "A package was written although a placeholder had no value.");
    }

    [Fact]
    public async Task Package_PlaceholderMissingFromEverySource_RefusesAndNamesIt()
    {
        var envFile = WriteEnvFile(ManifestTemplate.TestValues.Where(v => v.Key != "BOT_DOMAIN"));
        var zipPath = Path.Combine(work.FullName, "TeamsBot.test.zip");

        var result = await PackageToolRunner.RunPackageAsync("--env", "test", "--env-file", envFile, "--out", zipPath);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("${{BOT_DOMAIN}}", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public async Task Package_BotDomainWithScheme_Refuses()
    {
        var envFile = WriteEnvFile(ManifestTemplate.TestValues);
        var zipPath = Path.Combine(work.FullName, "TeamsBot.test.zip");

        var result = await PackageToolRunner.RunPackageAsync(
            "--env", "test", "--env-file", envFile, "--set", "BOT_DOMAIN=https://app.example.net/", "--out", zipPath);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("${{BOT_DOMAIN}}", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public async Task Package_AzdStyleQuotedEnvFile_IsReadAndLaterSourcesWin()
    {
        // azd writes "quoted" values to .azure/<env>/.env; --set wins over every file.
        var first = WriteEnvFile(ManifestTemplate.TestValues.Select(v => v.Key == "APP_NAME" ? new KeyValuePair<string, string>(v.Key, "First") : v));
        var azd = Path.Combine(work.FullName, "azd.env");
        await File.WriteAllTextAsync(azd, "BOT_DOMAIN=\"bot.contoso.example\"\nAPP_NAME=\"Second\"\n");
        var zipPath = Path.Combine(work.FullName, "TeamsBot.test.zip");

        var result = await PackageToolRunner.RunPackageAsync(
            "--env", "test", "--env-file", first, "--env-file", azd, "--set", "APP_VERSION=2.0.0", "--out", zipPath);

        Assert.True(result.ExitCode == 0, result.Output);
        using var zip = ZipFile.OpenRead(zipPath);
        using var document = JsonDocument.Parse(await ReadEntryAsync(zip, "manifest.json"));
        Assert.Equal("Second", document.RootElement.GetProperty("name").GetProperty("short").GetString());
        Assert.Equal("2.0.0", document.RootElement.GetProperty("version").GetString());
        Assert.Equal("bot.contoso.example", document.RootElement.GetProperty("validDomains")[0].GetString());
    }

    [Fact]
    public async Task Package_WithoutEnv_FailsWithUsage()
    {
        var result = await PackageToolRunner.RunPackageAsync("--out", Path.Combine(work.FullName, "x.zip"));

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("--env is required", result.StandardError, StringComparison.Ordinal);
    }

    private string WriteEnvFile(IEnumerable<KeyValuePair<string, string>> values)
    {
        var path = Path.Combine(work.FullName, $"values-{Guid.NewGuid():N}.env");
        File.WriteAllLines(path, ["# test values", .. values.Select(v => $"{v.Key}={v.Value}")]);
        return path;
    }

    private static async Task<string> ReadEntryAsync(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return await reader.ReadToEndAsync();
    }

    private static async Task<byte[]> ReadEntryBytesAsync(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
