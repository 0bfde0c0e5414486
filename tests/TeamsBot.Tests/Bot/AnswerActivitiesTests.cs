using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using TeamsBot.Bot;
using TeamsBot.History;

namespace TeamsBot.Tests.Bot;

public sealed class AnswerActivitiesTests
{
    private static readonly ReplyAudience Channel = new(ConversationScope.Channel, "29:ann", "Ann Example");

    [Fact]
    public void Build_ShortAnswer_OneCardWithAiLabelAndFeedbackButtons()
    {
        var message = Assert.Single(AnswerActivities.Build("Paris.", null, new ReplyAudience(ConversationScope.Personal, "u", "Ann")));

        Assert.Equal(ActivityTypes.Message, message.Type);
        Assert.Equal("application/vnd.microsoft.card.adaptive", Assert.Single(message.Attachments).ContentType);
        Assert.True(((JObject)message.ChannelData).Value<bool>("feedbackLoopEnabled"));
        var label = Assert.Single(message.Entities);
        Assert.Equal("AIGeneratedContent", label.Properties["additionalType"]![0]!.ToString());
        Assert.DoesNotContain("<at>", Serialized(message), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InSharedSpace_MentionsTheAskerOnTheCard()
    {
        var message = Assert.Single(AnswerActivities.Build("Paris.", null, Channel));

        var card = (JObject)message.Attachments[0].Content;
        Assert.Equal("<at>Ann Example</at>", card.SelectToken("body[0].text")!.ToString());
        var mention = card.SelectToken("msteams.entities[0]")!;
        Assert.Equal("mention", mention.Value<string>("type"));
        Assert.Equal("29:ann", mention.SelectToken("mentioned.id")!.ToString());
    }

    [Fact]
    public void Build_AnswerOverTheLimit_EveryMessageFitsAndAllTextArrivesOnce()
    {
        // About 300 KB in UTF-16 of paragraphs with characters that escape in JSON.
        var paragraphs = Enumerable.Range(1, 1_500).Select(i => $"Paragraph {i} \"quoted\" — {new string('é', 80)}").ToArray();
        string answer = string.Join("\n\n", paragraphs);

        var messages = AnswerActivities.Build(answer, "Redacted: 1 email address", Channel);

        Assert.True(messages.Count >= 4);
        foreach (var message in messages)
        {
            // What the adapter adds (addresses, a long thread id) must still fit.
            message.Conversation = new ConversationAccount(id: "19:" + new string('c', 60) + "@thread.tacv2;messageid=1790000000000");
            message.From = new ChannelAccount("28:" + Guid.NewGuid(), "TeamsBot");
            message.Recipient = new ChannelAccount("29:" + new string('r', 120), "Ann Example");
            message.ServiceUrl = "https://smba.trafficmanager.net/emea/" + Guid.NewGuid();
            message.ReplyToId = "1790000000001";
            Assert.True(Serialized(message).Length <= AnswerActivities.MaxMessageChars);
        }

        var texts = messages.Select(m => AnswerText((JObject)m.Attachments[0].Content, m == messages[0])).ToArray();
        Assert.Equal(paragraphs, texts.SelectMany(t => t.Split("\n\n")).ToArray());
        var notes = messages.Select(m => ((JObject)m.Attachments[0].Content).SelectToken("body[-1:].text")!.ToString()).ToArray();
        Assert.All(notes[..^1], n => Assert.Equal(AnswerActivities.ContinuedNote, n));
        Assert.Equal("Redacted: 1 email address", notes[^1]);
        Assert.Single(messages, m => Serialized(m).Contains("<at>Ann Example</at>", StringComparison.Ordinal));
    }

    private static string AnswerText(JObject card, bool withMention) =>
        card.SelectToken(withMention ? "body[1].text" : "body[0].text")!.ToString();

    private static string Serialized(Activity activity) => JsonConvert.SerializeObject(activity);

    [Fact]
    public void BuildCited_Answer_TextMessageWithTeamsCitationEntity()
    {
        var citations = new[]
        {
            new TeamsBot.Pipeline.AnswerCitation(1, new string('n', 100), new string('a', 300)),
            new TeamsBot.Pipeline.AnswerCitation(2, "unused.pdf", "not cited"),
        };

        var message = Assert.Single(AnswerActivities.BuildCited("You get 25 days [1].", "Answer note", citations));

        Assert.Equal(("You get 25 days [1].\n\n_Answer note_", TextFormatTypes.Markdown), (message.Text, message.TextFormat));
        var entity = JObject.FromObject(Assert.Single(message.Entities));
        Assert.Equal(("https://schema.org/Message", "Message", "https://schema.org"),
            ((string?)entity["type"], (string?)entity["@type"], (string?)entity["@context"]));
        Assert.Equal("AIGeneratedContent", (string?)entity["additionalType"]![0]);
        var claim = (JObject)Assert.Single((JArray)entity["citation"]!);
        Assert.Equal(("Claim", 1, "DigitalDocument"),
            ((string?)claim["@type"], (int)claim["position"]!, (string?)claim["appearance"]!["@type"]));
        Assert.Equal((80, 160), (((string)claim["appearance"]!["name"]!).Length, ((string)claim["appearance"]!["abstract"]!).Length));
        Assert.Null(claim["appearance"]!["url"]);
        Assert.True((bool)((JObject)message.ChannelData)["feedbackLoopEnabled"]!);
    }
}
