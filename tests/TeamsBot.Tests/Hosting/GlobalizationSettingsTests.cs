using System.Globalization;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Hosting;

/// <summary>
/// The app runs without ICU (invariant globalization) but lets Bot Framework create the culture an activity names
/// ("en-US"): with predefined cultures only, that threw a CultureNotFoundException in every turn.
/// </summary>
public sealed class GlobalizationSettingsTests
{
    [Fact]
    public void RuntimeConfig_AppAsBuilt_InvariantWithNamedCulturesAllowed()
    {
        var properties = RepositoryPaths.AppRuntimeSettings();

        Assert.True((bool?)properties?["System.Globalization.Invariant"] ?? false,
            "System.Globalization.Invariant must be true");
        Assert.False((bool?)properties?["System.Globalization.PredefinedCulturesOnly"] ?? true,
            "System.Globalization.PredefinedCulturesOnly must be false");
    }

    [Fact]
    public void CultureInfo_NamedCultureInThisProcess_CreatedWithTheInvariantCulturesData()
    {
        // The tests run with the app's settings (Directory.Build.props), so what the app would do happens here.
        var german = new CultureInfo("de-DE");

        Assert.Equal("de-DE", german.Name);
        Assert.Equal("1,234.50", 1234.5.ToString("N2", german));
        Assert.Equal(
            new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).ToString("d", CultureInfo.InvariantCulture),
            new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).ToString("d", german));
    }
}
