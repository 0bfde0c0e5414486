using System.Text;
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

    [Fact]
    public async Task CallCounts_SendsUpdatesAndTyping_AllCountedAndTypingApart()
    {
        await using var connector = await ConnectorDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = connector.ServiceUrl };
        string[] bodies =
        [
            """{"type":"typing"}""",
            """{"type":"typing","entities":[{"type":"streaminfo","streamType":"informative","streamSequence":1}]}""",
            """{"type":"message","text":"Echo: hi"}""",
        ];
        foreach (string body in bodies)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("v3/conversations/c1/activities", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
        }

        using (var update = new StringContent("""{"type":"message","text":"Echo: hi!"}""", Encoding.UTF8, "application/json"))
        using (var response = await http.PutAsync(new Uri("v3/conversations/c1/activities/3", UriKind.Relative), update))
        {
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal((4L, 2L, 0L), connector.CallCounts());
    }

    [Fact]
    public async Task CallCounts_NineSendsToOneConversationAtOnce_TwoOverTeamsLimitsAndNoneRefused()
    {
        await using var connector = await ConnectorDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = connector.ServiceUrl };
        for (int i = 0; i < 9; i++)
        {
            using var content = new StringContent("""{"type":"message","text":"Echo: hi"}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("v3/conversations/c1/activities", UriKind.Relative), content);
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }

        using (var other = new StringContent("""{"type":"typing"}""", Encoding.UTF8, "application/json"))
        using (var response = await http.PostAsync(new Uri("v3/conversations/c2/activities", UriKind.Relative), other))
        {
            response.EnsureSuccessStatusCode();
        }

        // Seven in a second are allowed: the eighth and ninth are over, another conversation's send is not.
        Assert.Equal((10L, 1L, 2L), connector.CallCounts());
    }
}
