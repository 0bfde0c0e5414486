using System.Text.RegularExpressions;
using TeamsBot.Hosting;

namespace TeamsBot.Tests.Infra;

/// <summary>
/// docs/admin-guide.md matches the code key by key: every configuration key it names in backticks, as
/// <c>Section:Key</c> or as the App Service form <c>Section__Key</c>, binds to a property of the app's options
/// classes (the same check as <see cref="AppSettingsTests"/> for infra/). A renamed or invented key fails.
/// </summary>
public sealed partial class AdminGuideTests
{
    private static readonly string GuidePath = RepositoryPaths.Combine("docs", "admin-guide.md");

    [Fact]
    public void AdminGuide_EveryConfigurationKey_BindsToAnOption()
    {
        var catalog = OptionsCatalog.FromAssembly(typeof(HostingExtensions).Assembly);
        var keys = KeysIn(File.ReadAllText(GuidePath));

        Assert.True(keys.Count >= 20, "Expected the guide to name its settings; found: " + string.Join(", ", keys));
        var failures = keys.Select(key => (key, reason: Explain(catalog, ToSettingName(key))))
            .Where(x => x.reason is not null)
            .Select(x => $"`{x.key}`: {x.reason}")
            .ToList();
        Assert.True(failures.Count == 0, "Keys in docs/admin-guide.md that the app does not read:\n" + string.Join('\n', failures));
    }

    [Theory]
    [InlineData("Set `Policy:Dlp:Mode` or `Policy__Quotas__MessagesPerUserPerDay`.", "Policy:Dlp:Mode", "Policy__Quotas__MessagesPerUserPerDay")]
    [InlineData("`Policy__AllowedGroups__0`, … and `Policy:Tenants:{tenantId}:Dlp`", "Policy__AllowedGroups__0", "Policy:Tenants:{tenantId}:Dlp")]
    [InlineData("`msaAppType: SingleTenant`, `ASPNETCORE_ENVIRONMENT`, `--urls http://x:1`, `Data Source=a`", null, null)]
    public void KeysIn_Markdown_FindsBacktickedKeysOnly(string markdown, string? first, string? second)
    {
        var keys = KeysIn(markdown);

        Assert.Equal(new[] { first, second }.OfType<string>(), keys);
    }

    [Theory]
    [InlineData("Policy:Tenants:{tenantId}:Dlp:Rules:{detector}", "Policy__Tenants__tenant__Dlp__Rules__detector")]
    [InlineData("Policy__AllowedGroups__0", "Policy__AllowedGroups__0")]
    [InlineData("Policy:Dlp:Custom:{i}:Pattern", "Policy__Dlp__Custom__0__Pattern")]
    public void ToSettingName_Placeholders_BecomeSampleSegments(string key, string expected)
    {
        Assert.Equal(expected, ToSettingName(key));
    }

    /// <summary>
    /// Prose may name a list or a section as a whole (<c>Policy:AllowedGroups</c>, <c>Policy:Dlp</c>): it binds
    /// through its items or keys. A misspelt name still fails.
    /// </summary>
    private static string? Explain(OptionsCatalog catalog, string name)
    {
        // ASP.NET Core's own logging section: read by the host's logging, not by an options class of the app.
        if (name.StartsWith("Logging__LogLevel__", StringComparison.Ordinal) || name == "Logging__LogLevel")
        {
            return null;
        }

        var reason = catalog.Explain(name);
        return reason is null || catalog.Explain(name + "__0") is null
            || reason.EndsWith("), not a value", StringComparison.Ordinal)
            ? null
            : reason;
    }

    /// <summary>Backticked words shaped like a configuration key: a capitalised section, then ':' or '__' segments.</summary>
    internal static List<string> KeysIn(string markdown) =>
        [.. ConfigurationKey().Matches(markdown).Select(m => m.Groups["key"].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>The App Service form, with placeholders such as <c>{tenantId}</c> replaced by a sample segment.</summary>
    internal static string ToSettingName(string key) =>
        Placeholder().Replace(key.Replace(":", "__", StringComparison.Ordinal), m =>
            m.Groups["name"].Value is "i" or "n" or "index" ? "0" : m.Groups["name"].Value.Replace("Id", string.Empty, StringComparison.Ordinal));

    [GeneratedRegex(@"`(?<key>[A-Z][A-Za-z0-9]*(?:(?::|__)(?:[A-Za-z0-9]+|\{[A-Za-z]+\}))+)`")]
    private static partial Regex ConfigurationKey();

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
