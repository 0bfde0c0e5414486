using System.Net;
using System.Text.Json.Nodes;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// How the running app streams 1:1 answers over the Bot Connector (Teams' streaming protocol), and where it does not.
/// </summary>
[Collection(AuthenticatedBotGroup.Name)]
public sealed class StreamingTests(AuthenticatedBotFixture fixture)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>About five seconds of model output in small pieces: enough for several stream updates.</summary>
    private static ModelResponse SlowStream(string text) =>
        new() { Text = text, ChunkSize = 6, ChunkDelay = TimeSpan.FromMilliseconds(120) };

    private static string LongAnswer() => string.Join(" ", Enumerable.Range(1, 40).Select(i => $"word{i}"));

    [Fact]
    public async Task PersonalAnswer_Streamed_InformativeThenSpacedUpdatesThenFinalCard()
    {
        string answer = LongAnswer();
        fixture.Model.Enqueue(SlowStream(answer));
        var activity = TeamsActivities.PersonalMessage("stream please", fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        string conversationId = (string)activity["conversation"]!["id"]!;

        using var response = await fixture.PostSignedAsync(activity);
        var final = await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == conversationId && StreamType(a) == "final", AnswerTimeout, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = fixture.Connector.AcceptedActivities
            .Where(a => a.ConversationId == conversationId && StreamType(a) is not null).ToArray();
        var informative = stream[0];
        Assert.Equal("informative", StreamType(informative));
        Assert.Equal("typing", informative.ActivityType);
        Assert.Equal(1, Sequence(informative));
        string streamId = informative.ResponseId!;

        var updates = stream.Where(a => StreamType(a) == "streaming").ToArray();
        Assert.True(updates.Length >= 2, $"Expected several stream updates, saw {updates.Length}.");
        Assert.Equal(Enumerable.Range(2, updates.Length).Select(i => (int?)i), updates.Select(Sequence));
        Assert.All(updates, u => Assert.Equal(streamId, StreamIdOf(u)));
        // Each update carries the whole text so far: it grows and is always a beginning of the answer.
        Assert.All(updates, u => Assert.StartsWith(u.Text!, answer, StringComparison.Ordinal));
        Assert.All(updates.Zip(updates.Skip(1)), pair => Assert.True(pair.Second.Text!.Length > pair.First.Text!.Length));
        // Teams wants at least ~1.5 s between updates (a little slack for when the double stamps arrival).
        Assert.All(updates.Prepend(informative).Zip(updates),
            pair => Assert.True(pair.Second.ReceivedAt - pair.First.ReceivedAt >= TimeSpan.FromSeconds(1.4),
                $"Updates {pair.First.ReceivedAt:O} and {pair.Second.ReceivedAt:O} came too close."));

        Assert.Same(final, stream[^1]);
        Assert.Equal("message", final.ActivityType);
        Assert.Equal(streamId, StreamIdOf(final));
        Assert.Null(StreamInfo(final)!["streamSequence"]);
        Assert.Contains(answer, Assert.Single(final.AdaptiveCards).ToJsonString(), StringComparison.Ordinal);
        Assert.True((bool?)final.Activity!["channelData"]!["feedbackLoopEnabled"]);
        Assert.Contains(final.Activity["entities"]!.AsArray(),
            e => e!["additionalType"]?.AsArray().Any(t => (string?)t == "AIGeneratedContent") == true);
    }

    [Fact]
    public async Task PersonalAnswer_ConnectorRefusesStream_TypingThenOneCardWithAllText()
    {
        string answer = LongAnswer();
        fixture.Model.Enqueue(SlowStream(answer));
        var activity = TeamsActivities.PersonalMessage("no stream here", fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        string conversationId = (string)activity["conversation"]!["id"]!;
        fixture.Connector.FailNext(new ConnectorFailure
        {
            StatusCode = 403,
            ErrorCode = "ContentStreamNotAllowed",
            When = r => r.ConversationId == conversationId && StreamType(r) is not null,
        });

        using var response = await fixture.PostSignedAsync(activity);
        var card = await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == conversationId && a.AdaptiveCards.Count > 0, AnswerTimeout, CancellationToken.None);

        var accepted = fixture.Connector.AcceptedActivities.Where(a => a.ConversationId == conversationId).ToArray();
        Assert.All(accepted, a => Assert.Null(StreamType(a)));
        Assert.Contains(accepted, a => a.ActivityType == "typing");
        Assert.Single(accepted, a => a.ActivityType == "message");
        Assert.Contains(answer, Assert.Single(card.AdaptiveCards).ToJsonString(), StringComparison.Ordinal);
        Assert.True((bool?)card.Activity!["channelData"]!["feedbackLoopEnabled"]);
    }

    [Fact]
    public async Task ChannelAnswer_NotStreamed_OneCardMentioningTheAsker()
    {
        fixture.Model.Enqueue(SlowStream(LongAnswer()));
        var activity = TeamsActivities.ChannelMention("what changed?", fixture.Connector.ServiceUrl, AuthenticatedBotFixture.AppId);
        string threadId = (string)activity["conversation"]!["id"]!;

        using var response = await fixture.PostSignedAsync(activity);
        var card = await fixture.Connector.WaitForActivityAsync(
            a => a.ConversationId == threadId && a.AdaptiveCards.Count > 0, AnswerTimeout, CancellationToken.None);

        Assert.All(fixture.Connector.AcceptedActivities.Where(a => a.ConversationId == threadId),
            a => Assert.Null(StreamType(a)));
        var json = Assert.Single(card.AdaptiveCards);
        Assert.Equal($"<at>{TeamsActivities.UserName}</at>", (string?)json["body"]![0]!["text"]);
        var mentioned = json["msteams"]!["entities"]![0]!["mentioned"]!;
        Assert.Equal(TeamsActivities.UserAadObjectId, (string?)mentioned["id"]);
        Assert.True((bool?)card.Activity!["channelData"]!["feedbackLoopEnabled"]);
    }

    private static JsonObject? StreamInfo(ConnectorRequest request) =>
        request.Activity?["entities"]?.AsArray().OfType<JsonObject>().FirstOrDefault(e => (string?)e["type"] == "streaminfo");

    private static string? StreamType(ConnectorRequest request) => (string?)StreamInfo(request)?["streamType"];

    private static string? StreamIdOf(ConnectorRequest request) => (string?)StreamInfo(request)?["streamId"];

    private static int? Sequence(ConnectorRequest request) => (int?)StreamInfo(request)?["streamSequence"];

}
