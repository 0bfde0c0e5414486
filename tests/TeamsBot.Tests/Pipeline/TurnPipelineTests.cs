using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
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

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Stages_Order_IdentityPolicyInputHistoryQuotaModelCardSave()
    {
        Assert.Equal(
            [typeof(IdentityStage), typeof(TenantPolicyStage), typeof(InputStage), typeof(HistoryLoadStage),
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
    public async Task RunAsync_RefusedEarly_ModelNeverCalled()
    {
        var (pipeline, model, _) = Build(ScriptedChatClient.Answering("unused"));

        await pipeline.RunAsync(TestTurns.Create("   "), default);

        Assert.Empty(model.Prompts);
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
