using System.Text.Json;
using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class ConnectorDoubleTests
{
    [Theory]
    [InlineData("""{"type":"message","text":"Echo: hi"}""", true)]
    [InlineData("""{"type":"message","entities":[{"type":"streaminfo","streamType":"final","streamId":"s"}]}""", true)]
    [InlineData("""{"type":"typing","entities":[{"type":"streaminfo","streamType":"informative","streamSequence":1}]}""", false)]
    [InlineData("""{"type":"typing","entities":[{"type":"streaminfo","streamType":"streaming","streamSequence":2}]}""", false)]
    [InlineData("""{"type":"message","entities":[{"type":"clientInfo"},{"type":"streaminfo","streamType":"streaming"}]}""", false)]
    [InlineData("""{"type":"typing"}""", false)]
    public void IsFinalAnswer_TeamsStreamingActivities_OnlyPlainOrFinalMessages(string json, bool expected)
    {
        using var activity = JsonDocument.Parse(json);

        Assert.Equal(expected, ConnectorDouble.IsFinalAnswer(activity.RootElement));
    }
}
