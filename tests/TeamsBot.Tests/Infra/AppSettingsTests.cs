using System.Reflection;
using System.Text.Json;

namespace TeamsBot.Tests.Infra;

/// <summary>
/// Every app setting infra/ gives the web app must reach the app: either it binds to a property of one of the app's
/// options classes (found by reflection, see <see cref="OptionsCatalog"/>), or it is a platform setting on the
/// explicit allow-list below. A misspelt or padded name (the Toolkit template's 'Azure__OpenAIEndpoint  ') fails.
/// </summary>
public sealed class AppSettingsTests
{
    /// <summary>Settings read by the platform or SDKs, not by the app's options classes. Add with a reason.</summary>
    private static readonly Dictionary<string, string> PlatformSettings = new(StringComparer.Ordinal)
    {
        // Read by the app's telemetry (TelemetryExport): the Azure Monitor exporter is on only when it is set.
        [TeamsBot.Telemetry.TelemetryExport.ApplicationInsightsKey] = "Application Insights",
        // ASP.NET Core host environment (Production: no developer exception page, appsettings.Production.json).
        ["ASPNETCORE_ENVIRONMENT"] = "ASP.NET Core",
        // App Service: run the deployed zip as a read-only package.
        ["WEBSITE_RUN_FROM_PACKAGE"] = "App Service",
        // App Service (Kudu): do not run a build on the server; azd and the Toolkit deploy published output.
        ["SCM_DO_BUILD_DURING_DEPLOYMENT"] = "App Service",
    };

    [Fact]
    public void AppSettings_InInfra_AreFoundAndPlainLiterals()
    {
        var settings = AppSettingNames.FromInfra();

        Assert.True(settings.Count >= 10, "Expected the web app's settings in infra/ (a `var appSettings = [...]` list); found: " + string.Join(", ", settings));
        var notLiteral = settings.Where(s => s.Name is null).ToList();
        Assert.True(notLiteral.Count == 0, "App setting names must be plain string literals:\n" + string.Join('\n', notLiteral));
        Assert.Contains(settings, s => s.Name == "MicrosoftAppType");
        Assert.Contains(settings, s => s.Name == "Model__Endpoint");
        Assert.Contains(settings, s => s.Name == "Storage__Provider");
    }

    [Fact]
    public async Task AppSettings_InBicepText_MatchTheCompiledTemplate()
    {
        var fromText = AppSettingNames.FromInfra().Select(s => s.Name).OfType<string>().Order(StringComparer.Ordinal).ToList();

        var template = await CompiledTemplate.GetAsync();
        var deployment = Assert.Single(
            CompiledTemplate.ResourcesOfType(template, "Microsoft.Resources/deployments"),
            d => CompiledTemplate.At(d, "properties.parameters.appSettings.value") is not null);
        var compiled = CompiledTemplate.At(deployment, "properties.parameters.appSettings.value")!.Value;
        Assert.Equal(JsonValueKind.Array, compiled.ValueKind);
        var fromTemplate = compiled.EnumerateArray().Select(e => e.GetProperty("name").GetString()).OfType<string>().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(fromTemplate, fromText);
    }

    [Fact]
    public void AppSettings_EveryName_BindsToAnOptionOrIsAPlatformSetting()
    {
        var catalog = OptionsCatalog.FromAssembly(LoadAppAssembly());
        Assert.True(
            catalog.Types.Count > 0,
            "No options classes found in the TeamsBot assembly (types with `public const string SectionName`). " +
            "The app's options (Model, Storage, Limits, Policy, Graph, Audit and the Bot Framework root keys with SectionName = \"\") must exist for infra/ settings to bind.");

        var failures = new List<string>();
        foreach (var setting in AppSettingNames.FromInfra().Where(s => s.Name is not null))
        {
            var name = setting.Name!;
            if (PlatformSettings.ContainsKey(name))
            {
                continue;
            }

            var reason = catalog.Explain(name);
            if (reason is not null)
            {
                failures.Add($"{setting}: {reason}");
            }
        }

        Assert.True(
            failures.Count == 0,
            "App settings that do not bind to any option of the app (fix the name, add the option, or add a platform setting to the allow-list with a reason):\n"
            + string.Join('\n', failures)
            + "\nOptions classes found: " + string.Join(", ", catalog.Types.Select(t => t.FullName)));
    }

    [Fact]
    public void AppSettings_Values_FollowTheDeploymentContract()
    {
        var main = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.bicep"));

        Assert.Contains("{ name: 'MicrosoftAppType', value: 'UserAssignedMsi' }", main, StringComparison.Ordinal);
        Assert.Contains("{ name: 'MicrosoftAppId', value: identity.outputs.clientId }", main, StringComparison.Ordinal);
        Assert.Contains("{ name: 'MicrosoftAppTenantId', value: tenant().tenantId }", main, StringComparison.Ordinal);
        Assert.Contains("{ name: 'Azure__ManagedIdentityClientId', value: identity.outputs.clientId }", main, StringComparison.Ordinal);
        Assert.Contains("{ name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }", main, StringComparison.Ordinal);
        Assert.Contains("{ name: 'Model__Provider', value: 'AzureOpenAI' }", main, StringComparison.Ordinal);

        // No key: the app falls back to the managed identity, and the account has local auth disabled anyway.
        Assert.DoesNotContain(AppSettingNames.FromInfra(), s => s.Name is "Model__ApiKey" or "MicrosoftAppPassword");
        // The app reads only Azure:ManagedIdentityClientId; AZURE_CLIENT_ID beside it would fail startup validation.
        Assert.DoesNotContain(AppSettingNames.FromInfra(), s => s.Name is "AZURE_CLIENT_ID");
    }

    [Theory]
    [InlineData("MicrosoftAppId")]
    [InlineData("microsoftappid")]
    [InlineData("Model__Endpoint")]
    [InlineData("Model__Retry__MaxRetries")]
    [InlineData("Policy__Quotas__MessagesPerUserPerDay")]
    [InlineData("Policy__AllowedTenants__0")]
    [InlineData("Policy__Scopes__Channel")]
    [InlineData("Policy__Labels__Finance")]
    [InlineData("Policy__Nested__Value")]
    public void Explain_NameThatBinds_ReturnsNull(string name)
    {
        var catalog = new OptionsCatalog([typeof(FakeRootOptions), typeof(FakeModelOptions), typeof(FakePolicyOptions), typeof(FakeNestedPolicyOptions)]);

        Assert.Null(catalog.Explain(name));
    }

    [Theory]
    [InlineData("Model__Endpoint  ", "whitespace")]
    [InlineData("Model__Endpont", "no public property \"Endpont\"")]
    [InlineData("Azure__OpenAIEndpoint", "no options class has SectionName \"Azure\"")]
    [InlineData("Model", "no public property \"Model\"")]
    [InlineData("Model__Retry", "is a section")]
    [InlineData("Policy__AllowedTenants", "is a list")]
    [InlineData("Policy__AllowedTenants__first", "addressed by index")]
    [InlineData("Policy__Labels", "is a dictionary")]
    [InlineData("Model__Endpoint__Host", "single value")]
    [InlineData("Model__ComputedName", "no public setter")]
    [InlineData("Model____Endpoint", "empty segment")]
    public void Explain_NameThatDoesNotBind_SaysWhy(string name, string expected)
    {
        var catalog = new OptionsCatalog([typeof(FakeRootOptions), typeof(FakeModelOptions), typeof(FakePolicyOptions), typeof(FakeNestedPolicyOptions)]);

        var reason = catalog.Explain(name);

        Assert.NotNull(reason);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBicep_NamesInCommentsAndOtherBlocks_AreIgnored()
    {
        const string bicep = """
            // { name: 'Commented__Out', value: 'x' }
            var other = [
              { name: 'NotAnAppSetting', value: 'x' }
            ]
            var appSettings = [
              /* { name: 'Also__Commented', value: 'x' } */
              { name: 'Model__Endpoint', value: 'https://x/' } // trailing
              {
                name: 'Storage__Provider'
                value: usePostgres ? 'Postgres' : 'Sqlite'
              }
              { name: 'Bad__${suffix}', value: 'x' }
              { name: settingName, value: 'x' }
            ]
            """;

        var settings = AppSettingNames.FromBicep(bicep, "test.bicep");

        Assert.Equal(["Model__Endpoint", "Storage__Provider", null, null], settings.Select(s => s.Name));
        Assert.Equal(7, settings[0].Line);
    }

    // An assembly-qualified load keeps this test compiling before the app's options classes exist.
    private static Assembly LoadAppAssembly() => Assembly.Load(new AssemblyName("TeamsBot"));

    // Fakes shaped like the app's options, for the binder rules above.
    private sealed class FakeRootOptions
    {
        public const string SectionName = "";

        public string MicrosoftAppId { get; set; } = string.Empty;
    }

    private sealed class FakeModelOptions
    {
        public const string SectionName = "Model";

        public Uri? Endpoint { get; set; }

        public FakeRetryOptions Retry { get; set; } = new();

        public string ComputedName { get; } = "x";
    }

    private sealed class FakeRetryOptions
    {
        public int MaxRetries { get; set; }
    }

    private sealed class FakePolicyOptions
    {
        public const string SectionName = "Policy";

        public List<string> AllowedTenants { get; } = [];

        public Dictionary<string, string> Labels { get; } = [];

        public FakeQuotaOptions Quotas { get; init; } = new();

        public FakeScopeOptions Scopes { get; set; } = new();
    }

    private sealed class FakeQuotaOptions
    {
        public int? MessagesPerUserPerDay { get; set; }
    }

    private sealed class FakeScopeOptions
    {
        public bool Channel { get; set; }
    }

    private sealed class FakeNestedPolicyOptions
    {
        public const string SectionName = "Policy:Nested";

        public string? Value { get; set; }
    }
}
