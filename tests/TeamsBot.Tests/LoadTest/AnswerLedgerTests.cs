using System.Text.Json.Nodes;
using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class AnswerLedgerTests
{
    [Fact]
    public void Summarise_EachMessageAnsweredOnce_NothingLostOrDuplicated()
    {
        var ledger = new AnswerLedger();
        foreach (var conversation in new[] { "a", "b" })
        {
            for (int sequence = 0; sequence < 3; sequence++)
            {
                ledger.Expect(conversation, sequence);
                ledger.RecordAnswer(conversation, sequence);
            }
        }

        Assert.Equal(new LedgerSummary(Expected: 6, Lost: 0, Duplicated: 0, Unexpected: 0), ledger.Summarise());
    }

    [Fact]
    public void Summarise_OneUnansweredOneAnsweredTwice_OneLostOneDuplicated()
    {
        var ledger = new AnswerLedger();
        ledger.Expect("a", 1);
        ledger.Expect("a", 2);
        ledger.Expect("b", 1);
        ledger.RecordAnswer("a", 1);
        ledger.RecordAnswer("b", 1);
        ledger.RecordAnswer("b", 1);

        Assert.Equal(new LedgerSummary(Expected: 3, Lost: 1, Duplicated: 1, Unexpected: 0), ledger.Summarise());
    }

    [Fact]
    public void RecordAnswer_MessageNeverSentOrOtherConversation_UnexpectedNotAnswered()
    {
        var ledger = new AnswerLedger();
        ledger.Expect("a", 1);
        ledger.RecordAnswer("b", 1);
        ledger.RecordAnswer("a", 2);

        Assert.Equal(new LedgerSummary(Expected: 1, Lost: 1, Duplicated: 0, Unexpected: 2), ledger.Summarise());
    }

    [Fact]
    public void AnsweredSequence_CardEchoingMessageTwelve_TwelveNotOne()
    {
        string card = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = new JsonObject
                {
                    ["body"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "TextBlock",
                        ["text"] = "Echo: " + AnswerLedger.MessageText(12),
                    }),
                },
            }),
        }.ToJsonString();

        Assert.Equal(12, AnswerLedger.AnsweredSequence(card));
    }

    [Fact]
    public void AnsweredSequence_TypingOrThinking_None()
    {
        Assert.Null(AnswerLedger.AnsweredSequence("""{"type":"typing","text":"Thinking…"}"""));
    }

    [Fact]
    public void MessageText_PaddedToTenKilobytes_ExactLengthAndStillNumbered()
    {
        string text = AnswerLedger.MessageText(7, 10 * 1024);

        Assert.Equal(10 * 1024, text.Length);
        Assert.Equal(7, AnswerLedger.AnsweredSequence(text));
    }
}
