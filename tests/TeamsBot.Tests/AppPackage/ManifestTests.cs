using System.Globalization;
using System.Text.Json;
using TeamsBot.Tests.Infra;

namespace TeamsBot.Tests.AppPackage;

/// <summary>What the product requires of appPackage/manifest.json, beyond the schema.</summary>
public sealed class ManifestTests
{
    private static readonly string[] ExpectedPlaceholders =
    [
        "TEAMS_APP_ID", "APP_VERSION", "APP_NAME", "BOT_ID", "BOT_DOMAIN",
        "DEVELOPER_NAME", "DEVELOPER_WEBSITE_URL", "PRIVACY_URL", "TERMS_URL",
    ];

    [Fact]
    public void SchemaVersion_IsRecentAndBundledWithTheValidator()
    {
        var manifest = ManifestTemplate.Parse();
        var version = manifest.GetProperty("manifestVersion").GetString()!;

        Assert.True(decimal.Parse(version, CultureInfo.InvariantCulture) >= 1.19m, $"manifestVersion {version} is older than 1.19");
        Assert.Equal(
            $"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json",
            manifest.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Placeholders_AreTheDocumentedSet()
    {
        var names = ManifestTemplate.PlaceholderNames(ManifestTemplate.Text);

        Assert.Equal(ExpectedPlaceholders.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedPlaceholders.Order(StringComparer.Ordinal), ManifestTemplate.TestValues.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Identity_ComesFromPlaceholders()
    {
        var manifest = ManifestTemplate.Parse();

        Assert.Equal("${{TEAMS_APP_ID}}", manifest.GetProperty("id").GetString());
        Assert.Equal("${{APP_VERSION}}", manifest.GetProperty("version").GetString());
        Assert.Equal("${{DEVELOPER_NAME}}", manifest.GetProperty("developer").GetProperty("name").GetString());
        Assert.Equal("${{DEVELOPER_WEBSITE_URL}}", manifest.GetProperty("developer").GetProperty("websiteUrl").GetString());
        Assert.Equal("${{PRIVACY_URL}}", manifest.GetProperty("developer").GetProperty("privacyUrl").GetString());
        Assert.Equal("${{TERMS_URL}}", manifest.GetProperty("developer").GetProperty("termsOfUseUrl").GetString());
    }

    [Fact]
    public void Bot_IsInPersonalTeamAndGroupChatAndSupportsFiles()
    {
        var bot = Assert.Single(ManifestTemplate.Parse().GetProperty("bots").EnumerateArray());

        Assert.Equal("${{BOT_ID}}", bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        // `export` sends the user a file in the personal chat.
        Assert.True(bot.GetProperty("supportsFiles").GetBoolean());
        Assert.False(bot.TryGetProperty("isNotificationOnly", out var notificationOnly) && notificationOnly.GetBoolean());
    }

    [Fact]
    public void CommandLists_CoverEveryBotScope()
    {
        var bot = Assert.Single(ManifestTemplate.Parse().GetProperty("bots").EnumerateArray());
        var listed = bot.GetProperty("commandLists").EnumerateArray()
            .SelectMany(l => l.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()))
            .ToList();

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(["groupChat", "personal", "team"], listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Export_IsOfferedOnlyInPersonalScope()
    {
        var bot = Assert.Single(ManifestTemplate.Parse().GetProperty("bots").EnumerateArray());

        foreach (var list in bot.GetProperty("commandLists").EnumerateArray())
        {
            var scopes = list.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();
            var titles = list.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()).ToList();
            if (titles.Contains("export"))
            {
                Assert.Equal(["personal"], scopes);
            }
        }
    }

    [Fact]
    public void SingleSignOn_UsesBotIdAndBotDomain()
    {
        var manifest = ManifestTemplate.Parse();
        var info = manifest.GetProperty("webApplicationInfo");

        Assert.Equal("${{BOT_ID}}", info.GetProperty("id").GetString());
        Assert.Equal("api://${{BOT_DOMAIN}}/botid-${{BOT_ID}}", info.GetProperty("resource").GetString());
        Assert.Contains("${{BOT_DOMAIN}}", manifest.GetProperty("validDomains").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void Descriptions_StateWhatTheAppDoesWithData()
    {
        var description = ManifestTemplate.Parse().GetProperty("description");
        var full = description.GetProperty("full").GetString()!;

        Assert.InRange(description.GetProperty("short").GetString()!.Length, 1, 80);
        Assert.Contains("own", full, StringComparison.Ordinal);
        Assert.Contains("policy", full, StringComparison.Ordinal);
        Assert.Contains("secrets", full, StringComparison.Ordinal);
        Assert.Contains("personal data", full, StringComparison.Ordinal);
        Assert.Contains("Nothing leaves your company", full, StringComparison.Ordinal);
    }

    [Fact]
    public void Icons_AreTheFilesNextToTheManifest()
    {
        var icons = ManifestTemplate.Parse().GetProperty("icons");

        Assert.Equal("color.png", icons.GetProperty("color").GetString());
        Assert.Equal("outline.png", icons.GetProperty("outline").GetString());
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.AppPackage, "color.png")));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.AppPackage, "outline.png")));
    }

    [Fact]
    public void EnvTemplate_DefinesEveryPlaceholder()
    {
        var defined = File.ReadAllLines(RepositoryPaths.Combine("env", ".env.dev"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))
            .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)].Trim())
            .ToHashSet(StringComparer.Ordinal);

        var missing = ManifestTemplate.PlaceholderNames(ManifestTemplate.Text).Where(n => !defined.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "env/.env.dev does not define: " + string.Join(", ", missing));
    }

    [Fact]
    public void Fill_TestValues_LeavesValidJsonWithoutPlaceholders()
    {
        var filled = ManifestTemplate.Fill(ManifestTemplate.TestValues);

        Assert.DoesNotContain("${{", filled, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(filled);
        Assert.Equal(ManifestTemplate.TestValues["BOT_ID"], document.RootElement.GetProperty("bots")[0].GetProperty("botId").GetString());
    }
}
