using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Hosting;
using TeamsBot.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Policy;

public sealed class PolicyProviderTests
{
    [Fact]
    public void For_NoAllowedTenants_OnlyTheBotsOwnTenant()
    {
        var provider = Build(new() { ["MicrosoftAppTenantId"] = "contoso" }, "Production");

        Assert.True(provider.For("contoso").TenantAllowed);
        Assert.False(provider.For("fabrikam").TenantAllowed);
    }

    [Fact]
    public void For_NoTenantConfiguredInDevelopment_AnyTenant()
    {
        Assert.True(Build([], "Development").For("anything").TenantAllowed);
    }

    [Fact]
    public void For_TenantOverride_ReplacesScopesGroupsAndQuotas()
    {
        var provider = Build(new()
        {
            ["Policy:AllowedTenants:0"] = "contoso",
            ["Policy:AllowedTenants:1"] = "fabrikam",
            ["Policy:Scopes:Channel"] = "false",
            ["Policy:Quotas:MessagesPerUserPerDay"] = "50",
            ["Policy:Tenants:fabrikam:Scopes:Channel"] = "true",
            ["Policy:Tenants:fabrikam:AllowedGroups:0"] = "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
            ["Policy:Tenants:fabrikam:Quotas:MessagesPerUserPerDay"] = "5",
        });

        var contoso = provider.For("contoso");
        var fabrikam = provider.For("fabrikam");

        Assert.DoesNotContain(ConversationScope.Channel, contoso.Scopes);
        Assert.Contains(ConversationScope.Channel, fabrikam.Scopes);
        Assert.Empty(contoso.AllowedGroups);
        Assert.Equal(["3f2504e0-4f89-11d3-9a0c-0305e82c3301"], fabrikam.AllowedGroups);
        Assert.Equal(50, contoso.MessagesPerUserPerDay);
        Assert.Equal(5, fabrikam.MessagesPerUserPerDay);
        Assert.NotEqual(contoso.Version, fabrikam.Version);
    }

    [Fact]
    public void For_TenantDlpOverride_ReplacesDefaultRulesAndChangesVersion()
    {
        var provider = Build(new()
        {
            ["Policy:AllowedTenants:0"] = "contoso",
            ["Policy:AllowedTenants:1"] = "fabrikam",
            ["Policy:Dlp:Rules:email"] = "Block",
            ["Policy:Tenants:fabrikam:Dlp:Mode"] = "AuditOnly",
            ["Policy:Tenants:fabrikam:Dlp:Rules:email"] = "Allow",
        });

        var contoso = provider.For("contoso");
        var fabrikam = provider.For("fabrikam");

        Assert.Equal(TeamsBot.Dlp.DlpAction.Block, contoso.Dlp.Rules["EMAIL"]);
        Assert.Equal(TeamsBot.Dlp.DlpMode.AuditOnly, fabrikam.Dlp.Mode);
        Assert.Equal(TeamsBot.Dlp.DlpAction.Allow, fabrikam.Dlp.Rules["email"]);
    }

    [Fact]
    public void For_TenantAnswerRules_TheirOwnAndInTheVersion()
    {
        var without = Build(new()
        {
            ["Policy:AllowedTenants:0"] = "contoso",
            ["Policy:Tenants:contoso:Dlp:Mode"] = "Enforce",
        }).For("contoso");
        var with = Build(new()
        {
            ["Policy:AllowedTenants:0"] = "contoso",
            ["Policy:Tenants:contoso:Dlp:Mode"] = "Enforce",
            ["Policy:Tenants:contoso:Dlp:AnswerRules:credit_card"] = "Block",
        }).For("contoso");

        Assert.Empty(without.Dlp.AnswerRules);
        Assert.Equal(TeamsBot.Dlp.DlpAction.Block, with.Dlp.AnswerRules["CREDIT_CARD"]);
        Assert.NotEqual(without.Version, with.Version);
    }

    [Fact]
    public void Validate_TenantDlpOverrideWithUnknownDetector_NamesTheTenantKey()
    {
        var services = Services(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policy:AllowedTenants:0"] = "contoso",
            ["Policy:Tenants:contoso:Dlp:Rules:passport"] = "Block",
        }).Build(), "Production");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PolicyOptions>>().Value);
        Assert.Contains("Policy:Tenants:contoso:Dlp:Rules:passport is not a known detector", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_SamePolicyTwice_SameVersion()
    {
        var provider = Build(new() { ["Policy:AllowedTenants:0"] = "contoso" });

        Assert.Equal(provider.For("contoso").Version, provider.For("contoso").Version);
        Assert.Equal(16, provider.For("contoso").Version.Length);
    }

    [Fact]
    public async Task For_ConfigFileChanged_AppliesWithoutRestart()
    {
        string folder = Directory.CreateTempSubdirectory("teamsbot-policy-").FullName;
        try
        {
            string file = Path.Combine(folder, "policy.json");
            await File.WriteAllTextAsync(file, """{ "Policy": { "AllowedTenants": ["contoso"], "BlockedUsers": [] } }""");
            var configuration = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: true).Build();
            var provider = Services(configuration, "Production").GetRequiredService<IPolicyProvider>();
            string before = provider.For("contoso").Version;
            Assert.Empty(provider.For("contoso").BlockedUsers);

            await File.WriteAllTextAsync(file, """{ "Policy": { "AllowedTenants": ["contoso"], "BlockedUsers": ["user-9"] } }""");
            for (int i = 0; i < 100 && provider.For("contoso").BlockedUsers.Count == 0; i++)
            {
                await Task.Delay(100);
            }

            Assert.Contains("user-9", provider.For("contoso").BlockedUsers);
            Assert.NotEqual(before, provider.For("contoso").Version);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Validate_GroupThatIsNotAGuid_NamesTheKey()
    {
        var services = Services(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policy:AllowedTenants:0"] = "contoso",
            ["Policy:AllowedGroups:0"] = "Finance Team",
        }).Build(), "Production");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PolicyOptions>>().Value);
        Assert.Contains("Policy:AllowedGroups:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoTenantAnywhereInProduction_FailsWithTheFix()
    {
        var services = Services(new ConfigurationBuilder().Build(), "Production");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PolicyOptions>>().Value);
        Assert.Contains("Set Policy:AllowedTenants", error.Message, StringComparison.Ordinal);
    }

    private static IPolicyProvider Build(Dictionary<string, string?> settings, string environment = "Production") =>
        Services(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), environment)
            .GetRequiredService<IPolicyProvider>();

    private static ServiceProvider Services(IConfiguration configuration, string environment)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(environment));
        services.AddOptions<BotAuthenticationOptions>().BindConfiguration(BotAuthenticationOptions.SectionName);
        services.AddTenantPolicy();
        services.AddDlp();
        return services.BuildServiceProvider();
    }
}
