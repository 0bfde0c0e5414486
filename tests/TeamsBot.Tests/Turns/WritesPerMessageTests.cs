using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// Every write transaction is a lock on SQLite's one writer (and a sync when it must be durable): under load they
/// collide. A message answered from receipt to delivery takes as few as belong to it.
/// </summary>
public sealed class WritesPerMessageTests
{
    private const int Messages = 4;

    /// <summary>
    /// Receipt, claim, the quota's message count, the answer with its question, the quota's tokens, delivered with the
    /// answer's message id, the audit record, the lease given back.
    /// </summary>
    private const int MostWritesPerMessage = 8;

    [Fact]
    public async Task AnsweredMessage_ReceiptToDelivery_TakesAtMostEightWriteTransactions()
    {
        var counter = new WriteTransactionCounter();
        await using var engine = await EngineHarness.StartAsync(configureServices: services =>
            services.AddSingleton<IDbContextFactory<BotDbContext>>(sp => new InterceptedSqliteContexts(
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString!, counter)));
        string conversation = "a:1" + Guid.NewGuid().ToString("N");
        // The conversation's first message also stores the conversation and may welcome: not the steady state.
        await AnswerAsync(engine, conversation, "warm-up " + Guid.NewGuid().ToString("N"));
        counter.Reset();

        for (int i = 0; i < Messages; i++)
        {
            await AnswerAsync(engine, conversation, $"question {i} {Guid.NewGuid():N}");
        }

        double perMessage = (double)counter.Count / Messages;
        // Before: ten (the quota's two token counters and the answer's message id each in a transaction of their own).
        Assert.True(perMessage <= MostWritesPerMessage, $"{perMessage:F1} write transactions per answered message");
    }

    /// <summary>Posts one message and waits until everything that belongs to it is written.</summary>
    private static async Task AnswerAsync(EngineHarness engine, string conversation, string text)
    {
        var contexts = engine.Bot.Services.GetRequiredService<IDbContextFactory<BotDbContext>>();
        int audited;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            audited = await db.Set<AuditRecord>().CountAsync();
        }

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, conversation));
        await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var turn = await db.Turns.AsNoTracking().SingleAsync(t => t.Role == TurnRole.User && t.Text.Contains(text));
            bool done = turn.AnswerDeliveredAt is not null
                && await db.AnswerMessages.AnyAsync(m => m.TurnId == turn.Id)
                && await db.Set<AuditRecord>().CountAsync() > audited
                && await db.Conversations.AllAsync(c => c.LeaseOwner == null);
            if (done)
            {
                return;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the turn's writes did not finish");
            await Task.Delay(50);
        }
    }
}
