using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The app refuses configurations in which the Bot Framework SDK would silently accept unauthenticated calls from
/// other machines, and says which key to set.
/// </summary>
public sealed class StartupTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_ProductionWithEmptyMicrosoftAppId_ExitsNonZeroNamingTheKey()
    {
        var options = new BotProcessOptions { EnvironmentName = "Production" };
        options.Environment["MicrosoftAppId"] = string.Empty;

        var result = await BotProcess.RunUntilExitAsync(options, ExitTimeout, CancellationToken.None);

        Assert.False(result.BecameHealthy, "the app must not serve requests without an app id in Production");
        Assert.False(result.TimedOut, result.OutputText);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MicrosoftAppId", result.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadSetting_ExitsWithCode1AndOneLineNamingTheKey()
    {
        var options = new BotProcessOptions();
        options.Environment["Model__Temperature"] = "5";
        options.Environment["Storage__Provider"] = "MySql";

        var result = await BotProcess.RunUntilExitAsync(options, ExitTimeout, CancellationToken.None);

        Assert.False(result.TimedOut, result.OutputText);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stderr: Model:Temperature must be between 0 and 2.", result.Output);
        Assert.Contains("stderr: Storage:Provider must be one of: Sqlite, Postgres.", result.Output);
        Assert.DoesNotContain(result.Output, line => line.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain("ModelOptions", result.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentAnonymousOnNonLoopbackAddress_ExitsNonZeroNamingTheKey()
    {
        // Health is not polled: even a brief healthy moment must not count as "started".
        var options = new BotProcessOptions { Urls = "http://0.0.0.0:{port}", HealthPath = null };

        var result = await BotProcess.RunUntilExitAsync(options, ExitTimeout, CancellationToken.None);

        Assert.False(result.TimedOut, "the app kept running on a non-loopback address:\n" + result.OutputText);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MicrosoftAppId", result.OutputText, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", result.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentAnonymousOnLoopback_RunsAndWarns()
    {
        await using var bot = await BotProcess.StartAsync(new BotProcessOptions(), CancellationToken.None);

        var warning = await bot.WaitForOutputAsync(
            line => line.Contains("UNAUTHENTICATED", StringComparison.OrdinalIgnoreCase)
                && line.Contains("loopback", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(10),
            CancellationToken.None);

        Assert.Contains("MicrosoftAppId", warning, StringComparison.Ordinal);
        Assert.False(bot.HasExited);
    }
}
