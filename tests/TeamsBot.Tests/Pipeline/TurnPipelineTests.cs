using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Audit;
using TeamsBot.Cards;
using TeamsBot.Dlp;
using TeamsBot.Graph;
using TeamsBot.History;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Policy;
using TeamsBot.Quota;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class TurnPipelineTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly RecordingAuditLog _audit = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Stages_Order_AuditWrapsIdentityPolicyInputDlpHistoryQuotaModelCardSave()
    {
        Assert.Equal(
            [typeof(AuditStage), typeof(IdentityStage), typeof(TenantPolicyStage), typeof(InputStage), typeof(DlpStage), typeof(HistoryLoadStage),
                typeof(QuotaStage), typeof(ModelStage), typeof(CardStage), typeof(HistorySaveStage)],
            TurnPipeline.Stages);
    }

    [Fact]
    public async Task RunAsync_Answer_ReachesModelThenCardThenHistory()
    {
        var (pipeline, model, store) = Build(ScriptedChatClient.Answering("Hello Ann"));
        long id = (await store.SaveIncomingAsync(TestTurns.Incoming("hi", "a1"), default))!.Value;
        var reply = new RecordingReplyChannel();

        await pipeline.RunAsync(TestTurns.Create("hi", reply, turnId: id), default);

        Assert.Single(model.Prompts);
        Assert.True(Assert.Single(reply.Cards).AiGenerated);
        using var db = _database.CreateDbContext();
        Assert.Equal(TurnStatus.Answered, db.Turns.Single(t => t.Id == id).Status);
        Assert.Equal("Hello Ann", db.Turns.Single(t => t.Role == TurnRole.Assistant).Text);
    }

    [Fact]
    public async Task RunAsync_EveryDecision_OneAuditRecordWithRuleAndNoText()
    {
        var (pipeline, _, store) = Build(ScriptedChatClient.Answering("fine"));
        long answered = (await store.SaveIncomingAsync(TestTurns.Incoming("mail bob@contoso.com", "a1"), default))!.Value;
        await pipeline.RunAsync(TestTurns.Create("mail bob@contoso.com", turnId: answered), default);
        await pipeline.RunAsync(TestTurns.Create("  ", turnId: 99), default);

        Assert.Equal(2, _audit.Entries.Count);
        Assert.Equal(AuditDecision.Redacted, _audit.Entries[0].Decision);
        Assert.Equal(1, _audit.Entries[0].Redactions!["email"]);
        Assert.Equal("mail [EMAIL_1]", _audit.Entries[0].MessageText);
        Assert.Equal(AuditDecision.Refused, _audit.Entries[1].Decision);
        Assert.Equal("input.empty", _audit.Entries[1].Rule);
        Assert.NotEqual("none", _audit.Entries[0].PolicyVersion);
    }

    [Fact]
    public async Task RunAsync_AnswerWithPersonalData_StoredRedactedAndAuditedApartFromTheQuestion()
    {
        var (pipeline, _, store) = Build(ScriptedChatClient.Answering("Ask bob@contoso.com or ann@contoso.com."));
        long id = (await store.SaveIncomingAsync(TestTurns.Incoming("mail bob@contoso.com", "a1"), default))!.Value;
        var reply = new RecordingReplyChannel();

        await pipeline.RunAsync(TestTurns.Create("mail bob@contoso.com", reply, turnId: id), default);

        using var db = _database.CreateDbContext();
        Assert.Equal("Ask [EMAIL_1] or [EMAIL_2].", db.Turns.Single(t => t.Role == TurnRole.Assistant).Text);
        var entry = Assert.Single(_audit.Entries);
        Assert.Equal(AuditDecision.Redacted, entry.Decision);
        Assert.Equal(new Dictionary<string, int> { ["email"] = 1, ["answer.email"] = 2 }, entry.Redactions);
        Assert.DoesNotContain("contoso.com", CardJson.Serialize(Assert.Single(reply.Cards).Card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RefusedEarly_ModelNeverCalled()
    {
        var (pipeline, model, _) = Build(ScriptedChatClient.Answering("unused"));

        await pipeline.RunAsync(TestTurns.Create("   "), default);

        Assert.Empty(model.Prompts);
    }

    [Fact]
    public async Task RunAsync_EmailInMessage_ModelAndHistorySeeOnlyThePlaceholder()
    {
        var (pipeline, model, store) = Build(ScriptedChatClient.Answering("Sure."));
        const string text = "Please email ann.example@contoso.com and again ann.example@contoso.com";
        long id = (await store.SaveIncomingAsync(TestTurns.Incoming(text, "a1"), default))!.Value;
        var reply = new RecordingReplyChannel();

        await pipeline.RunAsync(TestTurns.Create(text, reply, turnId: id), default);

        string sent = Assert.Single(model.Prompts)[^1].Text;
        Assert.Equal("Please email [EMAIL_1] and again [EMAIL_1]", sent);
        Assert.DoesNotContain("contoso", string.Join('\n', model.Prompts[0].Select(m => m.Text)), StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(sent, db.Turns.Single(t => t.Id == id).Text);
        Assert.Contains("Redacted: 2 email addresses", TeamsBot.Cards.CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GitHubToken_BlockedBeforeTheModelAndScrubbedFromHistory()
    {
        var (pipeline, model, store) = Build(ScriptedChatClient.Answering("unused"));
        string token = "ghp_" + new string('a', 18) + new string('B', 18);
        string text = $"my token is {token} can you check it";
        long id = (await store.SaveIncomingAsync(TestTurns.Incoming(text, "a1"), default))!.Value;
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create(text, reply, turnId: id);

        await pipeline.RunAsync(turn, default);
        await store.SetOutcomeAsync(id, TurnStatus.Refused, turn.Text, default);

        Assert.Empty(model.Prompts);
        Assert.Equal("dlp.github_token", turn.Reason);
        string card = TeamsBot.Cards.CardJson.Serialize(reply.SingleCard);
        Assert.Contains("github_token", card, StringComparison.Ordinal);
        Assert.DoesNotContain(token, card, StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.DoesNotContain(token, db.Turns.Single(t => t.Id == id).Text, StringComparison.Ordinal);
    }

    private (TurnPipeline Pipeline, ScriptedChatClient Model, IConversationStore Store) Build(ScriptedChatClient model)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddPrivateModel();
        services.AddOptions<LimitsOptions>();
        services.AddSingleton<IChatClient>(model);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new TestHostEnvironment());
        services.AddOptions<TeamsBot.Hosting.BotAuthenticationOptions>();
        services.AddTenantPolicy();
        services.AddDlp();
        services.AddSingleton<IAuditLog>(_audit);
        services.AddSingleton<IUserDirectory>(new FakeUserDirectory());
        services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<BotDbContext>>(_database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IQuotaLedger, DbQuotaLedger>();
        var store = _database.CreateStore();
        services.AddSingleton(store);
        services.AddTurnPipeline();
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<TurnPipeline>(), model, store);
    }
}
