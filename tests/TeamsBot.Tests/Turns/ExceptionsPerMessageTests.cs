using System.Diagnostics;
using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// A thrown and caught exception costs a stack walk and more on every message under load: a message answered from
/// receipt to delivery, on the normal path, throws none of the ones it used to. (The typing indicator's end is
/// tested on its own, in TurnContextReplyChannelTests: here it could race the answer's send.)
/// </summary>
public sealed class ExceptionsPerMessageTests
{
    [Fact]
    public async Task AnsweredMessage_ReceiptToDelivery_LeaseRenewalEndsWithoutTaskCanceledException()
    {
        using var thrown = new FirstChanceExceptionCounter<TaskCanceledException>(typeof(TurnWorker), "RenewAsync");

        await AnswerOneAsync();

        Assert.Equal(0, thrown.Count);
    }

    [Fact]
    public async Task AnsweredMessage_ReceiptToDelivery_WakingTheWorkerThrowsNoSemaphoreFullException()
    {
        using var thrown = new FirstChanceExceptionCounter<SemaphoreFullException>(typeof(TurnSignal), "Wake");

        await AnswerOneAsync();

        Assert.Equal(0, thrown.Count);
    }

    [Fact]
    public async Task AnsweredMessage_LocaleEnUs_BotFrameworkFindsTheCultureWithoutException()
    {
        // Bot Framework sets the thread's culture from the activity's locale in every turn it runs: the incoming one,
        // the proactive answer and the receipt's typing indicator.
        using var thrown = new FirstChanceExceptionCounter<CultureNotFoundException>(typeof(BotAdapter),
            "RunPipelineAsync");

        await AnswerOneAsync();

        Assert.Equal(0, thrown.Count);
    }

    /// <summary>
    /// Posts one 1:1 message (locale "en-US", as Teams sends) and returns once it is answered and its lease given back:
    /// the step and its lease renewal have ended.
    /// </summary>
    private static async Task AnswerOneAsync()
    {
        await using var engine = await EngineHarness.StartAsync();
        string conversation = "a:1" + Guid.NewGuid().ToString("N");
        string text = "question " + Guid.NewGuid().ToString("N");

        var activity = TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId,
            conversation);
        Assert.Equal("en-US", (string?)activity["locale"]);
        await engine.PostAsync(activity);
        await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(30));

        var contexts = engine.Bot.Services.GetRequiredService<IDbContextFactory<BotDbContext>>();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync();
            var turn = await engine.UserTurnAsync(text);
            if (turn.AnswerDeliveredAt is not null && await db.Conversations.AllAsync(c => c.LeaseOwner == null))
            {
                return;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the turn's lease was not given back");
            await Task.Delay(50);
        }
    }
}
