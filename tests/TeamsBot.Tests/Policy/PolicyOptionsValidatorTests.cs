using Microsoft.Extensions.Options;
using TeamsBot.Hosting;
using TeamsBot.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Policy;

public sealed class PolicyOptionsValidatorTests
{
    [Theory]
    [InlineData("https://intranet.contoso.example/ai-policy")]
    [InlineData("http://intranet/ai-policy")]
    public void Validate_PolicyUrlHttpOrHttps_Succeeds(string url)
    {
        var result = Validate(new PolicyOptions { PolicyUrl = new Uri(url) });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("ai-policy.html")]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    public void Validate_PolicyUrlNotAWebAddress_FailsNamingTheSetting(string url)
    {
        var defaults = Validate(new PolicyOptions { PolicyUrl = new Uri(url, UriKind.RelativeOrAbsolute) });
        var tenant = new PolicyOptions();
        tenant.Tenants["t-1"] = new TenantPolicyOptions { PolicyUrl = new Uri(url, UriKind.RelativeOrAbsolute) };

        Assert.Contains("Policy:PolicyUrl", defaults.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Policy:Tenants:t-1:PolicyUrl", Validate(tenant).FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(PolicyOptions options) =>
        new PolicyOptionsValidator(Options.Create(new BotAuthenticationOptions()), new TestHostEnvironment())
            .Validate(null, options);
}
