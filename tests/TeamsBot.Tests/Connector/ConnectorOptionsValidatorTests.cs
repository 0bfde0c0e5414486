using TeamsBot.Connector;

namespace TeamsBot.Tests.Connector;

public sealed class ConnectorOptionsValidatorTests
{
    private readonly ConnectorOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(_validator.Validate(null, new ConnectorOptions()).Succeeded);
    }

    [Fact]
    public void Validate_AllowedServiceUrlHostWithScheme_NamesTheKeyAndTheEntry()
    {
        var result = _validator.Validate(null, new ConnectorOptions
        {
            AllowedServiceUrlHosts = ["smba.teams.sovcloud-core.fr", "https://attacker.example/"],
        });

        Assert.False(result.Succeeded);
        Assert.Contains("Connector:AllowedServiceUrlHosts", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'https://attacker.example/'", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("'smba.teams.sovcloud-core.fr'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BaseDelayAboveMaxDelay_NamesBothKeys()
    {
        var result = _validator.Validate(null, new ConnectorOptions
        {
            BaseDelay = TimeSpan.FromSeconds(20),
            MaxDelay = TimeSpan.FromSeconds(10),
        });

        Assert.Contains("Connector:BaseDelay", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Connector:MaxDelay", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00", "00:00:30", "00:01:40", "Connector:BaseDelay")]
    [InlineData("00:00:01", "00:06:00", "00:01:40", "Connector:MaxDelay")]
    [InlineData("00:00:01", "00:00:30", "00:00:00.500", "Connector:AttemptTimeout")]
    [InlineData("00:00:01", "00:00:30", "00:11:00", "Connector:AttemptTimeout")]
    public void Validate_OutOfRange_NamesTheKey(string baseDelay, string maxDelay, string attemptTimeout, string key)
    {
        var result = _validator.Validate(null, new ConnectorOptions
        {
            BaseDelay = TimeSpan.Parse(baseDelay, System.Globalization.CultureInfo.InvariantCulture),
            MaxDelay = TimeSpan.Parse(maxDelay, System.Globalization.CultureInfo.InvariantCulture),
            AttemptTimeout = TimeSpan.Parse(attemptTimeout, System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.False(result.Succeeded);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(601)]
    public void Validate_MaxRetryAfterOutOfRange_NamesTheKey(int seconds)
    {
        var result = _validator.Validate(null, new ConnectorOptions { MaxRetryAfter = TimeSpan.FromSeconds(seconds) });

        Assert.Contains("Connector:MaxRetryAfter", result.FailureMessage, StringComparison.Ordinal);
    }
}
