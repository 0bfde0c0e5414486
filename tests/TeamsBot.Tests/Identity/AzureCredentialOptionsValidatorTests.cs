using Microsoft.Extensions.Configuration;
using TeamsBot.Identity;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Identity;

public sealed class AzureCredentialOptionsValidatorTests
{
    [Fact]
    public void Validate_Default_Succeeds()
    {
        Assert.True(Validator("Production").Validate(null, new AzureCredentialOptions()).Succeeded);
    }

    [Fact]
    public void Validate_DeveloperInProduction_Fails()
    {
        var result = Validator("Production").Validate(null, new AzureCredentialOptions { Credential = AzureCredentialKind.Developer });

        Assert.Contains("Azure:Credential=Developer", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeveloperInDevelopment_Succeeds()
    {
        var result = Validator("Development").Validate(null, new AzureCredentialOptions { Credential = AzureCredentialKind.Developer });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_ClientSecretWithoutSecret_NamesTheKeys()
    {
        var result = Validator("Production").Validate(null, new AzureCredentialOptions
        {
            Credential = AzureCredentialKind.ClientSecret,
            TenantId = "tenant-1",
            ClientId = "client-1",
        });

        Assert.Contains("Azure:TenantId, Azure:ClientId and Azure:ClientSecret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretWithManagedIdentity_Fails()
    {
        var result = Validator("Production").Validate(null, new AzureCredentialOptions { ClientSecret = "secret" });

        Assert.Contains("Azure:ClientSecret is set", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WorkloadIdentityWithoutTokenFile_Fails()
    {
        var result = Validator("Production").Validate(null, new AzureCredentialOptions { Credential = AzureCredentialKind.WorkloadIdentity });

        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WorkloadIdentityWithWebhookVariables_Succeeds()
    {
        var result = Validator("Production", ("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token"))
            .Validate(null, new AzureCredentialOptions { Credential = AzureCredentialKind.WorkloadIdentity });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_LegacyAzureClientIdWithoutManagedIdentityClientId_Fails()
    {
        var result = Validator("Production", ("AZURE_CLIENT_ID", "mi-client-id")).Validate(null, new AzureCredentialOptions());

        Assert.Contains("Azure:ManagedIdentityClientId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpAuthorityHost_Fails()
    {
        var result = Validator("Production").Validate(null, new AzureCredentialOptions
        {
            Credential = AzureCredentialKind.ClientSecret,
            TenantId = "tenant-1",
            ClientId = "client-1",
            ClientSecret = "secret",
            AuthorityHost = new Uri("http://login.example/"),
        });

        Assert.Contains("Azure:AuthorityHost", result.FailureMessage, StringComparison.Ordinal);
    }

    private static AzureCredentialOptionsValidator Validator(string environment, params (string Key, string Value)[] settings) =>
        new(new TestHostEnvironment(environment), new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());
}
