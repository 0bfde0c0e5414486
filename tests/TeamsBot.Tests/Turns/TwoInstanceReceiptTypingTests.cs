using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.Bot;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// Two real bot processes on one PostgreSQL database: the instance a message reaches shows its typing indicator at
/// once, even when the message before was answered by the other instance, and the instance that answers does not
/// show a second one.
/// </summary>
[Collection(AloneInProcessGroup.Name)]
public sealed class TwoInstanceReceiptTypingTests(PostgresServerFixture postgres, ITestOutputHelper output)
    : IClassFixture<PostgresServerFixture>
{
    private const string Group = "receipt-typing";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    /// <summary>Teams shows an indicator this long: the second message must come while the first's would still show.</summary>
    private static readonly TimeSpan IndicatorLasts = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task MessagesAnsweredByTheOtherInstance_EachGetsOneIndicatorAtReceipt()
    {
        await using var db = (await postgres.CreateDatabaseAsync()).CreateDbContext();
        string connectionString = SharedDatabaseBots.PooledConnectionString(db);
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        var aOptions = SharedDatabaseBots.Options("a", connectionString, model);
        aOptions.Environment["Limits__MaxConcurrentTurns"] = "1";
        await using var a = await BotProcess.StartAsync(aOptions, default);

        // A's one worker slot stays busy with another user's question, the model still thinking: A only receives.
        var busy = model.HoldNext(r => r.LastUserMessage.Contains("keeps A busy", StringComparison.Ordinal));
        await SharedDatabaseBots.PostAsync(a, SharedDatabaseBots.Message(connector, Group, 1, "This keeps A busy."), default);
        await busy.WaitUntilArrivedAsync(Soon);
        try
        {
            var bOptions = SharedDatabaseBots.Options("b", connectionString, model);
            bOptions.Environment["Turns__PollInterval"] = "00:00:00.3";
            await using var b = await BotProcess.StartAsync(bOptions, default);
            // A first answer from B in a chat of its own: a cold process's first one takes seconds.
            await SharedDatabaseBots.PostAsync(b, SharedDatabaseBots.Message(connector, Group, 3, "Warm up."), default);
            await connector.WaitForActivityAsync(r => r.Body.Contains(ModelServerDouble.EchoAnswer("Warm up."),
                StringComparison.Ordinal), Soon, default);
            string conversation = SharedDatabaseBots.ConversationOf(Group, 2);

            // The first question reaches A, which shows an indicator; B answers it.
            var firstPosted = Stopwatch.StartNew();
            await SharedDatabaseBots.PostAsync(a, SharedDatabaseBots.Message(connector, Group, 2, "First question."), default);
            var indicator = await connector.WaitForActivityAsync(
                r => r.ConversationId == conversation && r.ActivityType == "typing", Soon, default);
            var answer = await connector.WaitForActivityAsync(r => r.ConversationId == conversation
                && r.Body.Contains(ModelServerDouble.EchoAnswer("First question."), StringComparison.Ordinal), Soon, default);
            Assert.True(indicator.ReceivedAt < answer.ReceivedAt, "A's indicator came after B's answer");
            if (answer.ReceivedAt - indicator.ReceivedAt < IndicatorLasts)
            {
                // Before: B knew nothing of A's indicator, and showed its own as well, for a send of Teams' budget.
                Assert.Single(connector.AcceptedActivities, r => r.ConversationId == conversation
                    && r.ActivityType == "typing" && r.ReceivedAt <= answer.ReceivedAt);
            }

            await WaitUntilReleasedAsync(db, conversation);

            // Nobody answers the second: B is gone, A's slot is busy. Any indicator for it is A's, at receipt.
            b.Kill();
            await SharedDatabaseBots.PostAsync(a, SharedDatabaseBots.Message(connector, Group, 2, "Second question."), default);
            output.WriteLine($"second question posted {firstPosted.Elapsed.TotalSeconds:F2} s after the first "
                + $"(the first's indicator would still show for {IndicatorLasts.TotalSeconds} s)");

            // Before: A took its own indicator for the first question to be showing still, since A had sent no message
            // since, and showed none: B's answer had ended it.
            await connector.WaitForActivityAsync(r => r.ConversationId == conversation && r.ActivityType == "typing"
                && r.ReceivedAt > answer.ReceivedAt, TimeSpan.FromSeconds(5), default);
        }
        finally
        {
            busy.Release();
        }

        await connector.WaitForActivityAsync(r => r.Body.Contains(ModelServerDouble.EchoAnswer("Second question."),
            StringComparison.Ordinal), Soon, default);
    }

    /// <summary>The answering instance gives the conversation up once its step has written everything.</summary>
    private static async Task WaitUntilReleasedAsync(BotDbContext db, string conversation)
    {
        using var timeout = new CancellationTokenSource(Soon);
        while (await db.Conversations.AsNoTracking()
            .AnyAsync(c => c.Id == conversation && c.LeaseOwner != null, timeout.Token))
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
