using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// The Bot Connector's process down: nothing listens on the service URL's port, every send is a refused connection.
/// The paid-for answer waits in the outbox and is delivered when the connector listens again, or given up as
/// Undelivered when Connector:DeliveryWindow ends first.
/// </summary>
public sealed class ConnectorRefusedTests
{
    [Fact]
    public async Task Answer_ConnectionRefusedThenConnectorBackOnSamePort_StoredOnceDeliveredOnceModelCalledOnce()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Connector:DeliveryWindow"] = "00:02:00",
        });
        string text = "refused " + Guid.NewGuid().ToString("N");
        await engine.Connector.GoDownAsync();

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        // The first send and at least one later offer of the stored answer were refused.
        var waiting = await engine.WaitForUserTurnAsync(text, t => t.Attempts >= 2, TimeSpan.FromSeconds(60));
        Assert.Equal(TurnStatus.Answered, waiting.Status);
        Assert.Null(waiting.AnswerDeliveredAt);
        Assert.Equal(1, engine.ModelCallsFor(text));

        var backAt = DateTimeOffset.UtcNow;
        await engine.Connector.ComeBackAsync(default);
        var deliveredAt = await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(60));
        var delivered = await engine.WaitForUserTurnAsync(text, t => t.AnswerDeliveredAt is not null,
            TimeSpan.FromSeconds(10));

        // Before the outbox: the refused send failed the turn at once, and the answer was never delivered.
        Assert.True(deliveredAt >= backAt);
        Assert.Equal(1, engine.AcceptedAnswersTo(text));
        Assert.Equal(1, engine.ModelCallsFor(text));
        Assert.Equal(TurnStatus.Answered, delivered.Status);
        Assert.NotNull(delivered.AnswerDeliveredAt);
    }

    [Fact]
    public async Task Answer_ConnectionRefusedPastDeliveryWindow_UndeliveredLoggedWithoutContentModelCalledOnce()
    {
        var logs = new RecordingLoggerProvider();
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Connector:DeliveryWindow"] = "00:00:03",
        }, services => services.AddSingleton<ILoggerProvider>(logs));
        string text = "never delivered " + Guid.NewGuid().ToString("N");
        await engine.Connector.GoDownAsync();

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        var given = await engine.WaitForUserTurnAsync(text, t => t.Status == TurnStatus.Undelivered,
            TimeSpan.FromSeconds(60));
        // Logged right after the status is written: wait for it, bounded.
        using (var logged = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!logs.Entries.Any(e => e.EventId == 2404))
            {
                await Task.Delay(20, logged.Token);
            }
        }

        Assert.Equal(TurnStatus.Undelivered, given.Status);
        Assert.Null(given.AnswerDeliveredAt);
        Assert.Equal(1, engine.ModelCallsFor(text));
        var undelivered = Assert.Single(logs.Entries, e => e.EventId == 2404);
        Assert.Contains(given.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), undelivered.Message,
            StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.EventId == 2402);
        // Ids, counts and exception types only: neither the question nor the answer.
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answer_CitingAFileDeliveredFromTheOutbox_SentWithItsCitations()
    {
        await using var engine = await EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Connector:DeliveryWindow"] = "00:02:00",
            ["Knowledge:Embeddings:Provider"] = "Model",
            ["Knowledge:Embeddings:Deployment"] = TestEmbedders.Deployment,
        });
        await SaveFileAsync(engine, "leave.pdf", "Annual leave", "Employees get 25 days of annual leave each year.");
        // The model double echoes the question: the echoed marker makes the answer cite the file.
        string text = "How many days of annual leave do employees get each year? [1] " + Guid.NewGuid().ToString("N");
        await engine.Connector.GoDownAsync();

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        await engine.WaitForUserTurnAsync(text, t => t.Attempts >= 2, TimeSpan.FromSeconds(60));
        await engine.Connector.ComeBackAsync(default);
        await engine.WaitForUserTurnAsync(text, t => t.AnswerDeliveredAt is not null, TimeSpan.FromSeconds(60));

        // Before, the stored answer went out with its [1] marker and no source behind it.
        var answer = Assert.Single(engine.Connector.AcceptedActivities,
            r => r.Text?.Contains(ModelServerDouble.EchoAnswer(text), StringComparison.Ordinal) == true);
        var citation = Assert.Single(answer.Activity!["entities"]!.AsArray()
            .SelectMany(e => e!["citation"]?.AsArray() ?? []));
        Assert.Equal(1, (int)citation!["position"]!);
        Assert.Equal("leave.pdf, p. 1, Annual leave", (string?)citation["appearance"]!["name"]);
        Assert.Equal(1, engine.ModelCallsFor(text));
    }

    /// <summary>A file the user sent earlier, read and indexed as the app does it.</summary>
    private static async Task SaveFileAsync(EngineHarness engine, string name, string heading, string text)
    {
        var embedder = engine.Bot.Services.GetRequiredService<PassageEmbedder>();
        var vectors = await embedder.EmbedAsync([PassageEmbedder.PassageText(heading, text)], default);
        await engine.Bot.Services.GetRequiredService<IKnowledgeStore>().SaveAsync(new KnowledgeDocumentRecord
        {
            TenantId = TeamsActivities.TenantId,
            OwnerUserId = TeamsActivities.UserAadObjectId,
            SourceKind = "teams-file",
            SourceKey = TeamsActivities.UserAadObjectId + "/" + name,
            Name = name,
            ContentHash = "00",
            EmbeddingModel = embedder.ModelId,
        }, [new TextChunk(0, heading, 1, text)], vectors, default);
    }
}
