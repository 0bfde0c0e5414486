using Azure.Identity;
using Microsoft.Extensions.Options;
using TeamsBot.Identity;

namespace TeamsBot.Tests.Identity;

public sealed class AzureCredentialFactoryTests
{
    [Fact]
    public void Create_Default_IsManagedIdentityOnly()
    {
        var credential = Factory(new AzureCredentialOptions()).Create();

        Assert.IsType<ManagedIdentityCredential>(credential);
    }

    [Fact]
    public void Create_ClientSecret_IsClientSecretCredential()
    {
        var credential = Factory(new AzureCredentialOptions
        {
            Credential = AzureCredentialKind.ClientSecret,
            TenantId = "tenant-1",
            ClientId = "client-1",
            ClientSecret = "secret",
        }).Create("tenant-2");

        Assert.IsType<ClientSecretCredential>(credential);
    }

    [Fact]
    public void Create_WorkloadIdentity_IsWorkloadIdentityCredential()
    {
        var credential = Factory(new AzureCredentialOptions
        {
            Credential = AzureCredentialKind.WorkloadIdentity,
            TenantId = "tenant-1",
            ClientId = "client-1",
            TokenFilePath = "/var/run/secrets/azure/tokens/azure-identity-token",
        }).Create();

        Assert.IsType<WorkloadIdentityCredential>(credential);
    }

    [Fact]
    public void Create_Developer_IsAChainOfDeveloperSignInsOnly()
    {
        var credential = Factory(new AzureCredentialOptions { Credential = AzureCredentialKind.Developer }).Create();

        Assert.IsType<ChainedTokenCredential>(credential);
    }

    [Fact]
    public void Create_AnyKind_NeverDefaultAzureCredential()
    {
        foreach (var kind in Enum.GetValues<AzureCredentialKind>())
        {
            var credential = Factory(new AzureCredentialOptions
            {
                Credential = kind,
                TenantId = "tenant-1",
                ClientId = "client-1",
                ClientSecret = kind == AzureCredentialKind.ClientSecret ? "secret" : null,
                TokenFilePath = "/tmp/token",
            }).Create();

            Assert.IsNotType<DefaultAzureCredential>(credential);
        }
    }

    private static AzureCredentialFactory Factory(AzureCredentialOptions options) => new(Options.Create(options));
}
