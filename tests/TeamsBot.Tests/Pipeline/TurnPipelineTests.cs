using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Audit;
using TeamsBot.Cards;
using TeamsBot.Dlp;
using TeamsBot.Graph;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Policy;
using TeamsBot.Quota;
using TeamsBot.Receipt;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class TurnPipelineTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly RecordingAuditLog _audit = new();
    private MessageReceipt _receipt = null!;
    private IPolicyProvider _policies = null!;
    private IConversationStore? _store;

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Stages_Order_AuditWrapsAdmissionInputDlpHistoryQuotaKnowledgeModelCardSave()
    {
        Assert.Equal(
            [typeof(AuditStage), typeof(AdmissionStage), typeof(InputStage), typeof(DlpStage), typeof(HistoryLoadStage),
                typeof(QuotaStage), typeof(KnowledgeStage), typeof(ModelStage), typeof(HistorySaveStage), typeof(CardStage)],
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
    public async Task RunAsync_EveryDecision_OneAuditRecordWithRuleAndRedactedText()
    {
        var (pipeline, _, _) = Build(ScriptedChatClient.Answering("fine"));
        await pipeline.RunAsync(await ReceiveAsync("mail bob@contoso.com", "a1"), default);
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
        var (pipeline, _, _) = Build(ScriptedChatClient.Answering("Ask bob@contoso.com or ann@contoso.com."));
        var reply = new RecordingReplyChannel();

        await pipeline.RunAsync(await ReceiveAsync("mail bob@contoso.com", "a1", reply), default);

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
        var (pipeline, model, _) = Build(ScriptedChatClient.Answering("Sure."));
        const string text = "Please email ann.example@contoso.com and again ann.example@contoso.com";
        var reply = new RecordingReplyChannel();
        var turn = await ReceiveAsync(text, "a1", reply);

        await pipeline.RunAsync(turn, default);

        string sent = Assert.Single(model.Prompts)[^1].Text;
        Assert.Equal("Please email [EMAIL_1] and again [EMAIL_1]", sent);
        Assert.DoesNotContain("contoso", string.Join('\n', model.Prompts[0].Select(m => m.Text)), StringComparison.Ordinal);
        using var db = _database.CreateDbContext();
        Assert.Equal(sent, db.Turns.Single(t => t.Id == turn.TurnId).Text);
        Assert.Contains("Redacted: 2 email addresses", TeamsBot.Cards.CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PlaceholdersAcrossTurns_StableWithinTheConversation()
    {
        var (pipeline, model, _) = Build(ScriptedChatClient.Answering("ok"));
        await pipeline.RunAsync(await ReceiveAsync("write to ann@contoso.com", "a1"), default);

        await pipeline.RunAsync(await ReceiveAsync("now bob@contoso.com and ann@contoso.com", "a2"), default);

        Assert.Equal("now [EMAIL_2] and [EMAIL_1]", model.Prompts[^1][^1].Text);
    }

    /// <summary>Receives the message as the bot does (DLP, then stored), then reads it back as the worker does.</summary>
    private async Task<TurnRequest> ReceiveAsync(string text, string activityId, RecordingReplyChannel? reply = null)
    {
        var result = await _receipt.ReceiveAsync(TestTurns.Incoming(text, activityId), _policies.For("tenant-1"), default);
        var pending = (await _store!.GetPendingAsync(result.TurnId!.Value, default))!;
        return TestTurns.Create(pending.Text, reply, turnId: pending.TurnId, dlp: DlpVerdict.TryParse(pending.DlpVerdict));
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
        services.AddKnowledge();
        services.AddTurnPipeline();
        services.AddSingleton<MessageReceipt>();
        var provider = services.BuildServiceProvider();
        _receipt = provider.GetRequiredService<MessageReceipt>();
        _policies = provider.GetRequiredService<IPolicyProvider>();
        _store = store;
        return (provider.GetRequiredService<TurnPipeline>(), model, store);
    }
}
