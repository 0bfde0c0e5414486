using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Dlp;
using TeamsBot.Feedback;
using TeamsBot.History;
using TeamsBot.Policy;
using TeamsBot.Tests.Dlp;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Feedback;

public sealed class FeedbackServiceTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly IConversationStore _store;
    private readonly FeedbackService _feedback;
    private readonly FakeUserDirectory _directory = new();
    private EffectivePolicy _policy = AdmissionTests.Policy();

    public FeedbackServiceTests()
    {
        _store = _database.CreateStore();
        _feedback = new FeedbackService(_store, new Admission(new DelegatePolicyProvider(() => _policy), _directory), new DlpScanner(),
            NullLogger<FeedbackService>.Instance);
    }

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(DlpMode.Enforce)]
    [InlineData(DlpMode.AuditOnly)]
    public async Task SaveAsync_SecretInComment_StoredRedactedInEveryMode(DlpMode mode)
    {
        _policy = _policy with { Dlp = new DlpOptions { Mode = mode } };
        await AnswerAsync();
        string token = FakeSecrets.GitHubToken();

        var result = await _feedback.SaveAsync(Submission($"it printed my token {token} back"), ConversationScope.Personal, default);

        Assert.Equal(FeedbackResult.Stored, result);
        string comment = StoredComment()!;
        Assert.DoesNotContain(token, comment, StringComparison.Ordinal);
        Assert.StartsWith("it printed my token [", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_LongComment_CutToTheColumnAfterRedaction()
    {
        await AnswerAsync();
        string token = FakeSecrets.GitHubToken();
        // The secret straddles the cut: scanning after cutting would miss it and keep its first half.
        string comment = new string('a', FeedbackRecord.MaxCommentLength - 10) + " " + token + " " + new string('b', 3000);

        await _feedback.SaveAsync(Submission(comment), ConversationScope.Personal, default);

        string stored = StoredComment()!;
        Assert.Equal(FeedbackRecord.MaxCommentLength, stored.Length);
        Assert.DoesNotContain(token[..8], stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task SaveAsync_NoComment_StoredWithoutOne(string? comment)
    {
        await AnswerAsync();

        Assert.Equal(FeedbackResult.Stored, await _feedback.SaveAsync(Submission(comment), ConversationScope.Personal, default));
        Assert.Null(StoredComment());
    }

    [Fact]
    public async Task SaveAsync_TenantNotAllowed_RefusedNothingStored()
    {
        _policy = AdmissionTests.Policy(tenantAllowed: false);
        await AnswerAsync();

        Assert.Equal(FeedbackResult.Refused, await _feedback.SaveAsync(Submission("x"), ConversationScope.Personal, default));
        AssertNothingStored();
    }

    [Fact]
    public async Task SaveAsync_BlockedUser_RefusedNothingStored()
    {
        _policy = AdmissionTests.Policy(blocked: ["user-1"]);
        await AnswerAsync();

        Assert.Equal(FeedbackResult.Refused, await _feedback.SaveAsync(Submission("x"), ConversationScope.Personal, default));
        AssertNothingStored();
    }

    [Fact]
    public async Task SaveAsync_NotInAllowedGroup_RefusedNothingStored()
    {
        _policy = AdmissionTests.Policy(groups: ["g-finance"]);
        _directory.Groups["user-1"] = ["g-other"];
        await AnswerAsync();

        Assert.Equal(FeedbackResult.Refused, await _feedback.SaveAsync(Submission("x"), ConversationScope.Personal, default));
        AssertNothingStored();
    }

    [Fact]
    public async Task SaveAsync_ScopeTurnedOff_RefusedNothingStored()
    {
        _policy = AdmissionTests.Policy(scopes: [ConversationScope.Personal]);
        await AnswerAsync();

        Assert.Equal(FeedbackResult.Refused, await _feedback.SaveAsync(Submission("x"), ConversationScope.Channel, default));
        AssertNothingStored();
    }

    [Fact]
    public async Task SaveAsync_NoUserId_RefusedNothingStored()
    {
        await AnswerAsync();

        Assert.Equal(FeedbackResult.Refused, await _feedback.SaveAsync(Submission("x") with { UserId = "" }, ConversationScope.Personal, default));
        AssertNothingStored();
    }

    [Fact]
    public async Task SaveAsync_MessageIsNoRecordedAnswer_NoAnswerNothingStored()
    {
        await AnswerAsync();

        Assert.Equal(FeedbackResult.NoAnswer,
            await _feedback.SaveAsync(Submission("x") with { MessageId = "m-other" }, ConversationScope.Personal, default));
        AssertNothingStored();
    }

    private async Task AnswerAsync()
    {
        long q = (await _store.SaveIncomingAsync(TestTurns.Incoming("hi", "a1"), default))!.Value;
        await _store.SaveAnswerAsync(q, "hi", 1, "hello", 1, null, [], default);
        await _store.RecordAnswerMessageAsync("a:conv-1", "m-1", q, default);
    }

    private string? StoredComment()
    {
        using var db = _database.CreateDbContext();
        return Assert.Single(db.Feedback).Comment;
    }

    private void AssertNothingStored()
    {
        using var db = _database.CreateDbContext();
        Assert.Empty(db.Feedback);
    }

    private static AnswerFeedback Submission(string? comment) =>
        new("a:conv-1", "m-1", "tenant-1", "user-1", FeedbackReaction.Dislike, comment);
}
