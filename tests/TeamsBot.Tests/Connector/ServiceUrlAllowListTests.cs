using Microsoft.Extensions.Options;
using TeamsBot.Connector;

namespace TeamsBot.Tests.Connector;

public sealed class ServiceUrlAllowListTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://SMBA.TrafficManager.net/teams/")]
    [InlineData("https://smba.onyx.prod.teams.trafficmanager.net/")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc/")]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/teams/")]
    [InlineData("https://smba.infra.dod.teams.microsoft.us/teams/")]
    public void Allows_TeamsHostOverHttps_True(string serviceUrl)
    {
        Assert.True(AllowList().Allows(serviceUrl));
    }

    [Theory]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/amer/")]
    [InlineData("https://attacker.example/smba.trafficmanager.net/")]
    [InlineData("https://smba.trafficmanager.net@attacker.example/")]
    [InlineData("https://user@smba.trafficmanager.net/amer/")]
    [InlineData("https://evil.smba.trafficmanager.net/amer/")]
    [InlineData("https://127.0.0.1/")]
    [InlineData("ftp://smba.trafficmanager.net/")]
    [InlineData("/amer/")]
    [InlineData("")]
    [InlineData(null)]
    public void Allows_OtherHostOrScheme_False(string? serviceUrl)
    {
        Assert.False(AllowList().Allows(serviceUrl));
    }

    [Fact]
    public void Allows_ConfiguredHost_TrueOverHttpsOnly()
    {
        var allowList = AllowList("smba.teams.sovcloud-core.fr");

        Assert.True(allowList.Allows("https://smba.teams.sovcloud-core.fr/"));
        Assert.False(allowList.Allows("http://smba.teams.sovcloud-core.fr/"));
        Assert.True(allowList.Allows("https://smba.trafficmanager.net/amer/"));
    }

    [Fact]
    public void Allows_ConfiguredLoopbackHost_AlsoOverHttp()
    {
        var allowList = AllowList("127.0.0.1");

        Assert.True(allowList.Allows("http://127.0.0.1:5123/"));
        Assert.False(allowList.Allows("http://localhost:5123/"));
    }

    [Theory]
    [InlineData("smba.teams.sovcloud-core.fr", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("https://smba.teams.sovcloud-core.fr", false)]
    [InlineData("smba.teams.sovcloud-core.fr/teams", false)]
    [InlineData("smba.teams.sovcloud-core.fr:443", false)]
    [InlineData("*.teams.microsoft.com", false)]
    [InlineData(" ", false)]
    public void IsHostName_Entry_OnlyBareNames(string entry, bool expected)
    {
        Assert.Equal(expected, ServiceUrlAllowList.IsHostName(entry));
    }

    private static ServiceUrlAllowList AllowList(params string[] configured) =>
        new(Options.Create(new ConnectorOptions { AllowedServiceUrlHosts = configured }));
}
