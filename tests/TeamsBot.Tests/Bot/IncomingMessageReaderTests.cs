using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsBot.Bot;
using TeamsBot.History;

namespace TeamsBot.Tests.Bot;

public sealed class IncomingMessageReaderTests
{
    private const string BotId = "28:0047c760-1f42-4a78-b1bd-9ecd95ec3615";
    private const string BotName = "TeamsBot";

    public static TheoryData<string, string> OddBotNames() => new()
    {
        // Name as the user's client wrote it into the text, name the bot is registered with.
        { "Bot (Beta) [x]", "Bot (Beta) [x]" },
        { "Ünïcødé Bøt", "Ünïcødé Bøt" },
        { "A&amp;B", "A&B" },
        { "Pay $1 Bot", "Pay $1 Bot" },
        { "C++ .*? ^Bot|", "C++ .*? ^Bot|" },
        { "Помощник 助手", BotName },
        { "Helper", BotName },
    };

    [Theory]
    [MemberData(nameof(OddBotNames))]
    public void Read_OddBotName_MentionRemoved(string shownName, string registeredName)
    {
        var activity = Message($"<at>{shownName}</at> what is 2+2?", botName: registeredName,
            mentions: [BotMention($"<at>{shownName}</at>", registeredName)]);

        Assert.Equal("what is 2+2?", Read(activity).Text);
    }

    [Theory]
    [InlineData("<at>A&amp;B</at> hi", "<at>A&B</at>")]
    [InlineData("<at>A&B</at> hi", "<at>A&amp;B</at>")]
    [InlineData("<at id=\"0\">A&amp;B</at> hi", "<at>A&amp;B</at>")]
    [InlineData("<AT>A&#38;B</AT> hi", "<at>A&amp;B</at>")]
    [InlineData("<at>A&amp;B&nbsp;</at> hi", "<at>A&amp;B</at>")]
    public void Read_BotTagWrittenDifferentlyThanItsEntity_MentionRemoved(string text, string entityText)
    {
        var activity = Message(text, botName: "A&B", mentions: [BotMention(entityText, "A&B")]);

        Assert.Equal("hi", Read(activity).Text);
    }

    [Fact]
    public void Read_BotMentionedTwice_BothRemoved()
    {
        var activity = Message("<at>TeamsBot</at> compare this with <at>TeamsBot</at> yesterday",
            mentions: [BotMention("<at>TeamsBot</at>"), BotMention("<at>TeamsBot</at>")]);

        Assert.Equal("compare this with yesterday", Read(activity).Text);
    }

    [Theory]
    [InlineData("please <at>TeamsBot</at> summarise", "please summarise")]
    [InlineData("please <at>TeamsBot</at>&nbsp;summarise", "please summarise")]
    [InlineData("please\u00A0<at>TeamsBot</at>\u00A0 summarise", "please summarise")]
    [InlineData("hi <at>TeamsBot</at>, how are you", "hi, how are you")]
    [InlineData("hi <at>TeamsBot</at>\nnext line", "hi\nnext line")]
    [InlineData("ask<at>TeamsBot</at>now", "ask now")]
    [InlineData("thanks <at>TeamsBot</at>", "thanks")]
    [InlineData("\r\n<at>TeamsBot</at> who created you?\r\n", "who created you?")]
    public void Read_MentionInTheText_NoDoubleOrLeftoverSpace(string text, string expected)
    {
        var activity = Message(text, mentions: [BotMention("<at>TeamsBot</at>")]);

        Assert.Equal(expected, Read(activity).Text);
    }

    [Theory]
    [InlineData("<at>TeamsBot</at>")]
    [InlineData("<at>TeamsBot</at>&nbsp;")]
    [InlineData(" <at id=\"0\">TeamsBot</at>\u00A0\r\n")]
    [InlineData("<at>TeamsBot</at> <at>TeamsBot</at>")]
    public void Read_MentionOnly_EmptyText(string text)
    {
        var activity = Message(text, mentions: [BotMention("<at>TeamsBot</at>")]);

        Assert.Equal(string.Empty, Read(activity).Text);
    }

    [Fact]
    public void Read_OtherPeopleMentioned_KeptAsTheirPlainNames()
    {
        var activity = Message(
            "<at>TeamsBot</at> what did <at>Alice Smith</at> and <at id=\"2\">Bob &amp; Co</at> decide?",
            mentions:
            [
                BotMention("<at>TeamsBot</at>"),
                Mention("29:alice", "Alice Smith", "<at>Alice Smith</at>"),
                Mention("29:bob", "Bob & Co", "<at id=\"2\">Bob &amp; Co</at>"),
            ]);

        string text = Read(activity).Text;

        Assert.Equal("what did Alice Smith and Bob & Co decide?", text);
    }

    [Fact]
    public void Read_PersonWhoseTagIsNotAnEntity_NameStillKeptAndNoTag()
    {
        var activity = Message("<at>TeamsBot</at> ask <AT>Carol</AT>", mentions: [BotMention("<at>TeamsBot</at>")]);

        Assert.Equal("ask Carol", Read(activity).Text);
    }

    [Fact]
    public void Read_ColleagueWithTheBotsDisplayName_KeptByTheirOwnEntity()
    {
        var activity = Message("<at>Alex</at> ping <at id=\"1\">Alex</at>", botName: "Alex",
            mentions: [BotMention("<at>Alex</at>", "Alex"), Mention("29:alex", "Alex", "<at id=\"1\">Alex</at>")]);

        Assert.Equal("ping Alex", Read(activity).Text);
    }

    [Fact]
    public void Read_NoMentionEntityAtAll_BotTagFoundByRecipientName()
    {
        var activity = Message("<at>TeamsBot</at> hello", mentions: []);

        Assert.Equal("hello", Read(activity).Text);
    }

    [Fact]
    public void Read_MalformedMentionEntity_StillReadsTheMessage()
    {
        var malformed = new Entity("mention") { Properties = JObject.Parse("""{"mentioned":"oops","text":7}""") };
        var activity = Message("<at>TeamsBot</at> hello", mentions: [malformed]);

        Assert.Equal("hello", Read(activity).Text);
    }

    [Fact]
    public void Read_CodeAfterTheMention_LayoutAndSpacingKept()
    {
        string code = "fix this:\n```\n    int  x  =  1;\n\tif (a <b) {}\n```";
        var activity = Message("<at>TeamsBot</at> " + code, mentions: [BotMention("<at>TeamsBot</at>")]);

        Assert.Equal(code, Read(activity).Text);
    }

    [Theory]
    [InlineData("<atom> and <a href=\"x\">link</a>")]
    [InlineData("half a tag <at>TeamsBot")]
    public void Read_NoCompleteMention_TextUnchanged(string text)
    {
        var activity = Message(text, mentions: []);

        Assert.Equal(text, Read(activity).Text);
    }

    [Fact]
    public void Read_Activity_IsNotChanged()
    {
        const string original = "<at>TeamsBot</at> hello";
        var activity = Message(original, mentions: [BotMention("<at>TeamsBot</at>")]);

        _ = Read(activity);

        Assert.Equal(original, activity.Text);
    }

    [Fact]
    public void Read_ChannelThread_IdScopeAndSenderKept()
    {
        var activity = Message("<at>TeamsBot</at> hi", mentions: [BotMention("<at>TeamsBot</at>")]);
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel",
            id: "19:abc@thread.tacv2;messageid=1712000000001");

        var message = Read(activity);

        Assert.Equal("19:abc@thread.tacv2;messageid=1712000000001", message.ConversationId);
        Assert.Equal(ConversationScope.Channel, message.Scope);
        Assert.Equal("aad-ann", message.UserId);
        Assert.Equal("Ann Example", message.UserName);
    }

    [Fact]
    public void AddressesBot_GroupChatMessageMentioningTheBot_True()
    {
        Assert.True(IncomingMessageReader.AddressesBot(Message($"<at>{BotName}</at> hi", [BotMention($"<at>{BotName}</at>")])));
    }

    [Fact]
    public void AddressesBot_SharedSpaceMessageMentioningOnlySomeoneElse_False()
    {
        var toAlice = Message("<at>Alice</at> lunch?", [Mention("29:alice", "Alice", "<at>Alice</at>")]);
        var toNobody = Message("morning all", []);
        toNobody.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:c@thread.tacv2;messageid=1");

        Assert.False(IncomingMessageReader.AddressesBot(toAlice));
        Assert.False(IncomingMessageReader.AddressesBot(toNobody));
    }

    [Fact]
    public void AddressesBot_CardClickOrPersonalChat_True()
    {
        var click = Message(string.Empty, []);
        click.Value = new JObject { ["verb"] = "newChat" };
        var personal = Message("hi", []);
        personal.Conversation = new ConversationAccount(conversationType: "personal", id: "a:1");

        Assert.True(IncomingMessageReader.AddressesBot(click));
        Assert.True(IncomingMessageReader.AddressesBot(personal));
    }

    private static IncomingMessage Read(Activity activity) => IncomingMessageReader.Read(activity, DateTime.UtcNow);

    private static Activity Message(string text, Entity[] mentions, string botName = BotName) => new()
    {
        Type = ActivityTypes.Message,
        Id = "1712000000001",
        Text = text,
        From = new ChannelAccount("29:ann", "Ann Example", aadObjectId: "aad-ann"),
        Recipient = new ChannelAccount(BotId, botName),
        Conversation = new ConversationAccount(isGroup: true, conversationType: "groupChat", id: "19:chat@thread.v2"),
        ServiceUrl = "https://smba.example/",
        ChannelId = "msteams",
        Entities = [new Entity("clientInfo"), .. mentions],
    };

    private static Entity BotMention(string text, string name = BotName) => Mention(BotId, name, text);

    private static Entity Mention(string id, string name, string text) => new("mention")
    {
        Properties = new JObject
        {
            ["mentioned"] = new JObject { ["id"] = id, ["name"] = name },
            ["text"] = text,
        },
    };
}
