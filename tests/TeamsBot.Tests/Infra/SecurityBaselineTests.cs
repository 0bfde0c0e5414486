using System.Text.Json;

namespace TeamsBot.Tests.Infra;

/// <summary>
/// The security properties customers' security teams ask about, checked on the compiled template so that a change
/// to infra/ cannot quietly drop one.
/// </summary>
public sealed class SecurityBaselineTests
{
    [Fact]
    public async Task OpenAi_Account_IsPrivateAndKeyless()
    {
        var template = await CompiledTemplate.GetAsync();

        var account = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.CognitiveServices/accounts"));
        Assert.Equal("OpenAI", account.GetProperty("kind").GetString());
        AssertValue(account, "properties.publicNetworkAccess", "Disabled");
        AssertValue(account, "properties.disableLocalAuth", true);
        AssertValue(account, "properties.networkAcls.defaultAction", "Deny");
        Assert.NotNull(CompiledTemplate.At(account, "properties.customSubDomainName"));

        var deployment = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.CognitiveServices/accounts/deployments"));
        Assert.NotNull(CompiledTemplate.At(deployment, "properties.model.name"));
        Assert.NotNull(CompiledTemplate.At(deployment, "properties.model.version"));
        Assert.NotNull(CompiledTemplate.At(deployment, "sku.capacity"));
    }

    [Fact]
    public async Task PrivateEndpoints_OpenAiAndKeyVault_AreRegisteredInPrivateDnsZones()
    {
        var template = await CompiledTemplate.GetAsync();

        // The private endpoint module is deployed once per target; its groupId parameter names the target.
        var groupIds = CompiledTemplate.ResourcesOfType(template, "Microsoft.Resources/deployments")
            .Select(d => CompiledTemplate.At(d, "properties.parameters.groupId.value")?.GetString())
            .Where(g => g is not null)
            .ToList();
        Assert.Contains("account", groupIds);
        Assert.Contains("vault", groupIds);

        Assert.Contains("\"privatelink.openai.azure.com\"", template.GetRawText(), StringComparison.Ordinal);
        Assert.NotEmpty(CompiledTemplate.ResourcesOfType(template, "Microsoft.Network/privateEndpoints"));
        Assert.NotEmpty(CompiledTemplate.ResourcesOfType(template, "Microsoft.Network/privateDnsZones/virtualNetworkLinks"));
        Assert.NotEmpty(CompiledTemplate.ResourcesOfType(template, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"));
    }

    [Fact]
    public async Task OpenAi_ManagedIdentity_GetsOpenAiUserRoleOnly()
    {
        var template = await CompiledTemplate.GetAsync();
        var text = template.GetRawText();

        // Cognitive Services OpenAI User: inference only, no keys, no management plane.
        Assert.Contains("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", text, StringComparison.Ordinal);

        // Neither Contributor nor Owner nor "Cognitive Services Contributor" / "OpenAI Contributor" is granted anywhere.
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("a001fd3d-188f-4b5d-821b-7da978bf7442", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WebApp_Configuration_IsHardened()
    {
        var template = await CompiledTemplate.GetAsync();

        var site = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.Web/sites"));
        AssertValue(site, "properties.httpsOnly", true);
        AssertValue(site, "properties.siteConfig.linuxFxVersion", "DOTNETCORE|10.0");
        AssertValue(site, "properties.siteConfig.ftpsState", "Disabled");
        AssertValue(site, "properties.siteConfig.minTlsVersion", "1.2");
        AssertValue(site, "properties.siteConfig.healthCheckPath", "/healthz");
        AssertValue(site, "properties.siteConfig.vnetRouteAllEnabled", true);
        AssertValue(site, "properties.vnetRouteAllEnabled", true);
        AssertValue(site, "identity.type", "UserAssigned");
        Assert.NotNull(CompiledTemplate.At(site, "properties.virtualNetworkSubnetId"));
        Assert.NotNull(CompiledTemplate.At(site, "properties.keyVaultReferenceIdentity"));

        var policies = CompiledTemplate.ResourcesOfType(template, "Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => AssertValue(p, "properties.allow", false));
    }

    [Fact]
    public async Task Network_AppSubnet_IsDelegatedToServerFarms()
    {
        var template = await CompiledTemplate.GetAsync();

        Assert.Contains("\"Microsoft.Web/serverFarms\"", template.GetRawText(), StringComparison.Ordinal);
        Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.Network/virtualNetworks"));
    }

    [Fact]
    public async Task Bot_Registration_UsesTheUserAssignedIdentityAndTeams()
    {
        var template = await CompiledTemplate.GetAsync();

        var bot = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.BotService/botServices"));
        AssertValue(bot, "properties.msaAppType", "UserAssignedMSI");
        Assert.NotNull(CompiledTemplate.At(bot, "properties.msaAppMSIResourceId"));
        Assert.NotNull(CompiledTemplate.At(bot, "properties.msaAppTenantId"));
        Assert.NotNull(CompiledTemplate.At(bot, "properties.msaAppId"));

        var channel = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.BotService/botServices/channels"));
        AssertValue(channel, "properties.channelName", "MsTeamsChannel");
        AssertValue(channel, "properties.properties.isEnabled", true);

        var main = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Infra, "main.bicep"));
        Assert.Contains("endpoint: 'https://${web.outputs.defaultHostName}/api/messages'", main, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyVault_IsRbacOnlyPurgeProtectedAndPrivate()
    {
        var template = await CompiledTemplate.GetAsync();

        var vault = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.KeyVault/vaults"));
        AssertValue(vault, "properties.enableRbacAuthorization", true);
        AssertValue(vault, "properties.enablePurgeProtection", true);
        AssertValue(vault, "properties.publicNetworkAccess", "Disabled");
        AssertValue(vault, "properties.networkAcls.defaultAction", "Deny");
        Assert.Contains("\"privatelink.vaultcore.azure.net\"", template.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_Server_HasPrivateAccessOnly()
    {
        var template = await CompiledTemplate.GetAsync();

        var server = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.DBforPostgreSQL/flexibleServers"));
        AssertValue(server, "properties.network.publicNetworkAccess", "Disabled");
        AssertValue(server, "properties.authConfig.activeDirectoryAuth", "Enabled");
        Assert.NotNull(CompiledTemplate.At(server, "properties.network.delegatedSubnetResourceId"));
        Assert.NotNull(CompiledTemplate.At(server, "properties.network.privateDnsZoneArmResourceId"));
        Assert.Contains("\"privatelink.postgres.database.azure.com\"", template.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"Microsoft.DBforPostgreSQL/flexibleServers\"", template.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitoring_AppInsights_IsWorkspaceBasedAndWiredToTheApp()
    {
        var template = await CompiledTemplate.GetAsync();

        var insights = Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.Insights/components"));
        Assert.NotNull(CompiledTemplate.At(insights, "properties.WorkspaceResourceId"));
        Assert.Single(CompiledTemplate.ResourcesOfType(template, "Microsoft.OperationalInsights/workspaces"));
        // The name the app reads to turn its Azure Monitor exporter on.
        Assert.Contains(TeamsBot.Telemetry.TelemetryExport.ApplicationInsightsKey, AppSettingNames.FromInfra().Select(s => s.Name));
    }

    private static void AssertValue(JsonElement resource, string path, string expected)
    {
        var value = CompiledTemplate.At(resource, path);
        Assert.True(value is { ValueKind: JsonValueKind.String } && value.Value.GetString() == expected, $"{resource.GetProperty("type").GetString()} {path}: expected '{expected}', got {value?.GetRawText() ?? "nothing"}");
    }

    private static void AssertValue(JsonElement resource, string path, bool expected)
    {
        var value = CompiledTemplate.At(resource, path);
        var kind = expected ? JsonValueKind.True : JsonValueKind.False;
        Assert.True(value?.ValueKind == kind, $"{resource.GetProperty("type").GetString()} {path}: expected {expected}, got {value?.GetRawText() ?? "nothing"}");
    }
}
