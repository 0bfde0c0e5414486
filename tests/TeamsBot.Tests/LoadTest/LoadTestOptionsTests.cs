using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class LoadTestOptionsTests
{
    [Fact]
    public void Parse_BotEnvRepeated_KeepsEveryVariableWithEqualsSignsInTheValue()
    {
        var options = LoadTestOptions.Parse(["--bot-env", "DOTNET_TieredPGO=0", "--bot-env", "Storage__ConnectionString=Data Source=a=b"]);

        Assert.Equal("0", options.BotEnvironment["DOTNET_TieredPGO"]);
        Assert.Equal("Data Source=a=b", options.BotEnvironment["Storage__ConnectionString"]);
    }

    [Theory]
    [InlineData("NoEqualsSign")]
    [InlineData("=value")]
    public void Parse_BotEnvWithoutName_Refused(string value)
    {
        Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse(["--bot-env", value]));
    }

    [Fact]
    public void Parse_MemoryTeamsBotScenario_RunsOnlyThatOne()
    {
        var options = LoadTestOptions.Parse(["--scenarios", "memory-teamsbot"]);

        Assert.True(options.Runs("memory-teamsbot"));
        Assert.False(options.Runs("memory"));
    }

    [Fact]
    public void Parse_NoScenarios_DoesNotRunTheNamedOnlyOnes()
    {
        var options = LoadTestOptions.Parse([]);

        Assert.True(options.Runs("memory"));
        Assert.False(options.Runs("memory-teamsbot"));
        Assert.Empty(options.BotEnvironment);
    }

    [Fact]
    public void Parse_ScaleSettings_ModelDelayInMillisecondsAndMessagesPerConversation()
    {
        var options = LoadTestOptions.Parse(["--scenarios", "scale", "--scale-model-delay", "250", "--scale-messages", "6",
            "--scale-core-messages", "30", "--scale-warmup", "5"]);

        Assert.True(options.Runs("scale"));
        Assert.False(options.Runs("postgres"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ScaleModelDelay);
        Assert.Equal(6, options.ScaleMessages);
        Assert.Equal(30, options.ScaleCoreMessages);
        Assert.Equal(5, options.ScaleWarmup);
    }

    [Fact]
    public void Parse_ScaleMessagesZero_Refused()
    {
        Assert.Throws<ArgumentException>(() => LoadTestOptions.Parse(["--scale-messages", "0"]));
    }
}
