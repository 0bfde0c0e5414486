using Newtonsoft.Json.Linq;
using TeamsBot.Bot;
using TeamsBot.History;

namespace TeamsBot.Tests.Bot;

/// <summary>The invoke value's shapes; where the ids come from is covered end to end in Functional/FeedbackTests.</summary>
public sealed class FeedbackInvokeReaderTests
{
    [Fact]
    public void Read_TeamsShape_ReactionAndCommentFromTheJsonString()
    {
        var submission = Read("""{"actionName":"feedback","actionValue":{"reaction":"dislike","feedback":"{\"feedbackText\":\"too vague\"}"}}""");

        Assert.NotNull(submission);
        Assert.Equal(("19:chat", "1700000000001", "tenant-1", "aad-user", FeedbackReaction.Dislike, "too vague"),
            (submission.ConversationId, submission.MessageId, submission.TenantId, submission.UserId,
                submission.Reaction, submission.Comment));
    }

    [Theory]
    [InlineData("nice answer")]
    [InlineData("{not json} but nice")]
    [InlineData("{\"other\":1")]
    public void Read_PlaygroundShape_PlainTextIsTheComment(string text)
    {
        var value = Value("like", text);

        var submission = Read(value.ToString());

        Assert.Equal(FeedbackReaction.Like, submission?.Reaction);
        Assert.Equal(text, submission?.Comment);
    }

    [Theory]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"like"}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"like","feedback":null}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"like","feedback":"{\"feedbackText\":null}"}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"like","feedback":"{}"}}""")]
    public void Read_NoComment_CommentNull(string value)
    {
        var submission = Read(value);

        Assert.NotNull(submission);
        Assert.Null(submission.Comment);
    }

    [Fact]
    public void Read_FeedbackAsObject_Accepted()
    {
        var submission = Read("""{"actionName":"feedback","actionValue":{"reaction":"like","feedback":{"feedbackText":"ok"}}}""");

        Assert.Equal("ok", submission?.Comment);
    }

    [Theory]
    [InlineData("""{"actionName":"other","actionValue":{"reaction":"like"}}""")]
    [InlineData("""{"actionValue":{"reaction":"like"}}""")]
    [InlineData("""{"actionName":{"x":1},"actionValue":{"reaction":"like"}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"love"}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"Like"}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":["like"]}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":"like"}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"like","feedback":42}}""")]
    [InlineData("""{"actionName":"feedback","actionValue":{"reaction":"like","feedback":"{\"feedbackText\":7}"}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("\"feedback\"")]
    public void Read_Malformed_Null(string value)
    {
        Assert.Null(Read(value));
    }

    [Fact]
    public void Read_NoValue_Null()
    {
        Assert.Null(FeedbackInvokeReader.Read(null, "19:chat", null, "tenant-1", "aad-user"));
    }

    [Fact]
    public void Read_AbsurdlyLongFeedback_NullInEveryShape()
    {
        string huge = new('x', FeedbackInvokeReader.MaxFeedbackChars + 1);
        var form = new JObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JObject { ["reaction"] = "like", ["feedback"] = new JObject { ["feedbackText"] = huge } },
        };

        Assert.Null(Read(Value("like", huge).ToString()));
        Assert.Null(Read(Value("like", new JObject { ["feedbackText"] = huge }.ToString()).ToString()));
        Assert.Null(Read(form.ToString()));
        Assert.Equal(huge[1..], Read(Value("like", huge[1..]).ToString())?.Comment);
    }

    private static JObject Value(string reaction, string feedback) =>
        new() { ["actionName"] = "feedback", ["actionValue"] = new JObject { ["reaction"] = reaction, ["feedback"] = feedback } };

    private static TeamsBot.History.AnswerFeedback? Read(string value) =>
        FeedbackInvokeReader.Read(JToken.Parse(value), "19:chat", "1700000000001", "tenant-1", "aad-user");
}
