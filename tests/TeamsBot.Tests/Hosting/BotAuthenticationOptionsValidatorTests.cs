using TeamsBot.Hosting;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Hosting;

public sealed class BotAuthenticationOptionsValidatorTests
{
    [Fact]
    public void Validate_EmptyAppIdInProduction_FailsNamingTheKey()
    {
        var result = Validator("Production").Validate(null, new BotAuthenticationOptions());

        Assert.True(result.Failed);
        Assert.Contains("MicrosoftAppId is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyAppIdInDevelopment_Succeeds()
    {
        Assert.True(Validator("Development").Validate(null, new BotAuthenticationOptions()).Succeeded);
    }

    [Theory]
    [InlineData("MultiTenant", "secret", null, true)]
    [InlineData("MultiTenant", null, null, false)]
    [InlineData("SingleTenant", "secret", "tenant", true)]
    [InlineData("SingleTenant", "secret", null, false)]
    [InlineData("UserAssignedMsi", null, "tenant", true)]
    [InlineData("UserAssignedMsi", "secret", "tenant", false)]
    [InlineData("Federated", "secret", "tenant", false)]
    public void Validate_AppTypes_RequireTheirKeys(string type, string? password, string? tenant, bool valid)
    {
        var options = new BotAuthenticationOptions
        {
            MicrosoftAppType = type,
            MicrosoftAppId = "00000000-0000-0000-0000-000000000001",
            MicrosoftAppPassword = password,
            MicrosoftAppTenantId = tenant,
        };

        Assert.Equal(valid, Validator("Production").Validate(null, options).Succeeded);
    }

    private static BotAuthenticationOptionsValidator Validator(string environment) =>
        new(new TestHostEnvironment(environment));
}
