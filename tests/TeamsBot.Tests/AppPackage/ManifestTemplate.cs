using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using TeamsBot.Tests.Infra;

namespace TeamsBot.Tests.AppPackage;

/// <summary>appPackage/manifest.json with its ${{NAME}} placeholders, and test values to fill them.</summary>
public static partial class ManifestTemplate
{
    /// <summary>Plausible values for every placeholder, as an admin would set them.</summary>
    public static IReadOnlyDictionary<string, string> TestValues { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["TEAMS_APP_ID"] = "6f1c2a7e-1a3b-4c5d-8e9f-0123456789ab",
        ["APP_VERSION"] = "1.2.3",
        ["APP_NAME"] = "Contoso Assistant",
        ["BOT_ID"] = "0d4c7a1e-5b6f-4a8b-9c0d-abcdef012345",
        ["BOT_DOMAIN"] = "app-teamsbot-abc123.azurewebsites.net",
        ["DEVELOPER_NAME"] = "Contoso IT",
        ["DEVELOPER_WEBSITE_URL"] = "https://intranet.contoso.example/it/assistant",
        ["PRIVACY_URL"] = "https://intranet.contoso.example/privacy",
        ["TERMS_URL"] = "https://intranet.contoso.example/terms",
    };

    public static string Path => System.IO.Path.Combine(RepositoryPaths.AppPackage, "manifest.json");

    public static string Text => File.ReadAllText(Path);

    /// <summary>Names of the placeholders in the manifest, in order of first appearance.</summary>
    public static IReadOnlyList<string> PlaceholderNames(string text)
        => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>The manifest with every placeholder replaced by its JSON-escaped value.</summary>
    public static string Fill(IReadOnlyDictionary<string, string> values)
        => Placeholder().Replace(Text, m => JsonEncodedText.Encode(values[m.Groups[1].Value], JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());

    /// <summary>The manifest as JSON, placeholders left in place (they all sit inside strings).</summary>
    public static JsonElement Parse()
    {
        using var document = JsonDocument.Parse(Text);
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    public static partial Regex Placeholder();
}
