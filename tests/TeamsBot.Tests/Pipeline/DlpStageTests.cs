using TeamsBot.Cards;
using TeamsBot.Dlp;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class DlpStageTests
{
    private readonly DlpStage _stage = new();

    [Fact]
    public async Task InvokeAsync_RedactedAtReceipt_NoteAndCountsReachTheTurnTextUnchanged()
    {
        var verdict = new DlpVerdict("Redacted", null, "Redacted: 1 email address.",
            new Dictionary<string, int> { ["email"] = 1 });
        var turn = TestTurns.Create("write to [EMAIL_1] about ann@contoso.com", dlp: verdict);
        var calls = new List<string>();

        await _stage.InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Equal(["next"], calls);
        // Not scanned again: the text is what receipt stored.
        Assert.Equal("write to [EMAIL_1] about ann@contoso.com", turn.Text);
        Assert.Equal("Redacted", turn.DlpOutcome);
        Assert.Equal(1, turn.Redactions["email"]);
        Assert.Equal(["Redacted: 1 email address."], turn.Notes);
    }

    [Fact]
    public async Task InvokeAsync_AuditOnlyVerdict_RecordedWithoutANote()
    {
        var verdict = new DlpVerdict("auditonly:Blocked", null, null, new Dictionary<string, int> { ["github_token"] = 1 });
        var turn = TestTurns.Create("[GITHUB_TOKEN_1]", dlp: verdict);

        await _stage.InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal("auditonly:Blocked", turn.DlpOutcome);
        Assert.Empty(turn.Notes);
        Assert.Equal(1, turn.Redactions["github_token"]);
    }

    [Fact]
    public async Task InvokeAsync_StoredWithoutAVerdict_RefusedAndTextBlanked()
    {
        var reply = new RecordingReplyChannel();
        var turn = new TurnRequest
        {
            TurnId = 1,
            ConversationId = "a:conv-1",
            ActivityId = "activity-1",
            TenantId = "tenant-1",
            UserId = "user-1",
            Scope = TeamsBot.History.ConversationScope.Personal,
            ContextEpoch = 0,
            Text = "raw text from an older version",
            Reply = reply,
        };
        var calls = new List<string>();

        await _stage.InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Empty(calls);
        Assert.Equal("dlp.not_scanned", turn.Reason);
        Assert.Equal(string.Empty, turn.Text);
        Assert.Contains("send it again", CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }
}
