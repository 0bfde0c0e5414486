using TeamsBot.Cards;
using TeamsBot.Lifecycle;
using TeamsBot.Model;
using TeamsBot.Reports;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Cards;

/// <summary>Every card the bot can send passes the official Adaptive Cards parser at schema 1.5.</summary>
public sealed class EveryCardTests
{
    public static IEnumerable<(string Name, AdaptiveCard Card)> AllCards()
    {
        var policy = AdmissionTests.Policy(messages: 40, userTokens: 100_000);
        var mention = new CardMention("<at>Ann Example</at>", new MentionedUser("29:ann", "Ann Example"));
        yield return ("answer", BotCards.Answer("**Paris** is the capital.\n\n- one\n- two"));
        yield return ("answer with note and mention", BotCards.Answer("Yes.", "Redacted: 1 email address.", mention));
        yield return ("empty answer", BotCards.Answer(string.Empty));
        yield return ("empty message", BotCards.EmptyMessage());
        yield return ("too long", BotCards.MessageTooLong(20_000, 16_000));
        yield return ("over budget", BotCards.PromptTooLarge(9_000, 7_000));
        yield return ("new chat", BotCards.NewChatStarted());
        yield return ("new chat here", BotCards.NewChatStartedHere("Ann Example"));
        yield return ("unknown user", BotCards.UnknownUser());
        yield return ("unexpected", BotCards.Unexpected());
        yield return ("not received", BotCards.NotReceived());
        yield return ("waiting for the model", ModelFailureCards.WaitingForModel(TimeSpan.FromHours(4)));
        yield return ("model outage wait over", ModelFailureCards.OutageWaitOver(TimeSpan.FromHours(4)));
        foreach (var kind in Enum.GetValues<ModelFailureKind>())
        {
            yield return ($"model {kind}", ModelFailureCards.For(new ModelFailure(kind, TimeSpan.FromSeconds(42))));
        }

        yield return ("tenant", PolicyCards.TenantNotAllowed());
        yield return ("scope", PolicyCards.ScopeNotAllowed("channels"));
        yield return ("blocked", PolicyCards.UserBlocked());
        yield return ("group", PolicyCards.NotInAllowedGroup());
        yield return ("directory", PolicyCards.DirectoryUnavailable());
        yield return ("quota exhausted", PolicyCards.QuotaExhausted("your messages", new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc)));
        yield return ("quota warning", PolicyCards.QuotaWarning("your daily tokens", 85));
        yield return ("dlp blocked", DlpCards.Blocked("github_token", "Blocked: the message contains 1 GitHub token."));
        yield return ("answer withheld", DlpCards.AnswerWithheld("credit_card", "Blocked: the answer contains 1 card number."));
        yield return ("dlp not checked", DlpCards.NotChecked());
        yield return ("help", CommandCards.Help("gpt-4o (AzureOpenAI)", policy, TeamsBot.History.ConversationScope.Personal));
        yield return ("usage", CommandCards.Usage((3, 1200, 50_000), policy));
        yield return ("forget me", CommandCards.ForgetMeConfirm());
        yield return ("forgotten", CommandCards.Forgotten(12, UserHolds.None));
        yield return ("forgotten but a conversation held", CommandCards.Forgotten(12, new UserHolds(false, ["19:c@thread.v2"])));
        yield return ("forgotten but held", CommandCards.Forgotten(0, new UserHolds(true, [])));
        var hold = new LegalHoldRecord
        {
            Id = 7,
            TenantId = "tenant-1",
            UserId = "5c0ffee5-9f1e-4b7a-a3d2-0f0e7f0e7a11",
            Reason = "Matter 2026-17",
            PlacedBy = "cli",
            PlacedAt = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc),
        };
        yield return ("hold placed", LifecycleCards.HoldPlaced(hold));
        yield return ("hold lifted", LifecycleCards.HoldLifted(hold));
        yield return ("holds", LifecycleCards.Holds([hold, hold]));
        yield return ("no holds", LifecycleCards.Holds([]));
        yield return ("hold usage", LifecycleCards.HoldUsage());
        yield return ("no such hold", LifecycleCards.NoSuchHold(8));
        yield return ("forget cancelled", CommandCards.ForgetMeCancelled());
        yield return ("personal chat only", CommandCards.PersonalChatOnly("export"));
        yield return ("export empty", CommandCards.Export([])[0]);
        yield return ("export declined", ExportCards.Declined());
        yield return ("export host not allowed", ExportCards.UploadHostNotAllowed());
        yield return ("export upload failed", ExportCards.UploadFailed());
        yield return ("export expired", ExportCards.Expired());
        yield return ("usage report 7 days", ReportCards.Summary(UsageReportSample(), 7));
        yield return ("usage report 30 days, empty", ReportCards.Summary(UsageReportSample(messages: 0), 30));
        var policyUrl = new Uri("https://intranet.contoso.example/ai-use-policy");
        yield return ("welcome personal", WelcomeCards.For("TeamsBot", TeamsBot.History.ConversationScope.Personal, policyUrl));
        yield return ("welcome group chat", WelcomeCards.For("Contoso GPT", TeamsBot.History.ConversationScope.GroupChat, null));
        yield return ("welcome channel", WelcomeCards.For(null, TeamsBot.History.ConversationScope.Channel, policyUrl));
        var limits = new TeamsBot.Knowledge.KnowledgeOptions();
        yield return ("file reading", KnowledgeCards.FileReading(new("report [final].pdf", null, 12, 40, 2, Pending: true)));
        yield return ("file stored", KnowledgeCards.FileStored(new("report [final].pdf", null, 12, 40, 2)));
        yield return ("file updated", KnowledgeCards.FileStored(new("notes.md", null, Passages: 1, Replaced: true)));
        foreach (var refusal in Enum.GetValues<TeamsBot.Knowledge.FileRefusal>())
        {
            yield return ($"file {refusal}", KnowledgeCards.FileRefused(new("x.pdf", refusal), limits));
        }

        yield return ("files not here", KnowledgeCards.FilesNotHere(enabled: true));
        yield return ("files off", KnowledgeCards.FilesNotHere(enabled: false));
        yield return ("no files", KnowledgeCards.Files([]));
        yield return ("files", KnowledgeCards.Files([new TeamsBot.Knowledge.KnowledgeDocumentRecord
        {
            TenantId = "t", OwnerUserId = "u", SourceKind = "teams-file", SourceKey = "u/1", Name = "a.pdf",
            ContentHash = "00", ChunkCount = 3,
        }]));
        yield return ("nothing in files", KnowledgeCards.NothingFoundInFiles(3));
        yield return ("file forgotten", KnowledgeCards.FileForgotten("a.pdf"));
        yield return ("no such file", KnowledgeCards.NoSuchFile("7"));
    }

    /// <summary>A report with more refusal rules and detectors than the card lists, so the "more" line shows.</summary>
    private static UsageReport UsageReportSample(int messages = 1200)
    {
        var user = new UserActivity("tenant-1", "user-1") { Messages = messages, TokensIn = 90_000, TokensOut = 40_000 };
        for (int i = 0; i < (messages == 0 ? 0 : ReportCards.MaxListed + 2); i++)
        {
            user.RefusalsByRule[$"rule.{i}"] = i + 1;
            user.DlpFindings[$"detector_{i}"] = i + 2;
        }

        var total = new ReportRow("(total)");
        total.Add(user);
        total.Price(0.0025m, 0.01m);
        var now = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        return new UsageReport(now.AddDays(-7), now, ReportDimension.Tenant, 5, 1, [total], total, null, 0);
    }

    [Fact]
    public async Task ValidateManyAsync_EveryCardTheBotSends_NoIssues()
    {
        var cards = AllCards().ToList();

        var results = await new CardValidator().ValidateManyAsync(cards.Select(c => CardJson.Serialize(c.Card)).ToList(), default);

        var problems = results.Where(r => !r.IsValid).Select(r => $"{cards[r.Index].Name}: {r}").ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(cards.Count, results.Count);
    }
}
