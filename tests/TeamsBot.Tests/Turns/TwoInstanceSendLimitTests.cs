using System.Diagnostics;
using System.Globalization;
using TeamsBot.Tests.Bot;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;
using Xunit.Abstractions;
using TeamsThreadLimits = TeamsBot.LoadTest.TeamsThreadLimits;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// Two real bot processes on one PostgreSQL database, each conversation's messages arriving at both in turn: together
/// they must stay within Teams' per-conversation limits, as one instance does alone.
/// </summary>
/// <remarks>
/// Calls are timed where they arrive, and on a busy 2-core machine one can arrive most of a second after the bot
/// counted it: so the windows of 30 s and longer are checked here, with a second's allowance (the 1 s and 2 s windows
/// are exact in <c>ConversationSendPacerTests</c> and <c>TurnLedgerTests</c>). Each conversation sends over 60 calls,
/// quickly enough that two instances pacing only themselves go well past 60 in 30 s. Alone in the process, so that
/// the rest of the suite does not add to those delays.
/// </remarks>
[Collection(AloneInProcessGroup.Name)]
public sealed class TwoInstanceSendLimitTests(PostgresServerFixture postgres, ITestOutputHelper output)
    : IClassFixture<PostgresServerFixture>
{
    private const int Conversations = 2;
    private const int MessagesPerConversation = 80;
    private const string Group = "limits";
    private const string WarmUpGroup = "warm-up";

    /// <summary>How much closer together two calls may arrive than they left, on a busy 2-core machine.</summary>
    private static readonly TimeSpan ArrivalJitter = TimeSpan.FromSeconds(1);

    /// <summary>The shortest of Teams' windows checked here: many times the allowance.</summary>
    private static readonly TimeSpan CheckedWindows = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoInstances_QuickExchangeAlternatingBetweenThem_StayWithinTeamsLimitsTogether()
    {
        await using var db = (await postgres.CreateDatabaseAsync()).CreateDbContext();
        string connectionString = SharedDatabaseBots.PooledConnectionString(db);
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        await using var a = await BotProcess.StartAsync(Options("a", connectionString, model), default);
        await using var b = await BotProcess.StartAsync(Options("b", connectionString, model), default);
        // A first answer from each, in a chat of its own: a cold process's first proactive send takes long enough
        // (compiling, the first token) to arrive well after it was counted, which is no sign of the instances' pacing.
        await Task.WhenAll(new[] { a, b }.Select(async (bot, index) =>
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"warm up {index}.");
            await SharedDatabaseBots.PostAsync(bot, SharedDatabaseBots.Message(connector, WarmUpGroup, index, text), default);
            await connector.WaitForActivityAsync(r => r.Body.Contains(ModelServerDouble.EchoAnswer(text), StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), default);
        }));
        connector.ClearRequests();
        var exchanging = Stopwatch.StartNew();

        // Each user asks the next question as soon as the answer shows, and Teams hands each message to either
        // instance: here to each in turn, the worst case for an instance that paces only what it sends itself.
        await Task.WhenAll(Enumerable.Range(0, Conversations).Select(async user =>
        {
            for (int m = 0; m < MessagesPerConversation; m++)
            {
                string text = string.Create(CultureInfo.InvariantCulture, $"question {m} from user {user}.");
                await SharedDatabaseBots.PostAsync(m % 2 == 0 ? a : b,
                    SharedDatabaseBots.Message(connector, Group, user, text), default);
                string echo = ModelServerDouble.EchoAnswer(text);
                await connector.WaitForActivityAsync(r => r.ConversationId == ConversationOf(user)
                    && r.Body.Contains(echo, StringComparison.Ordinal), TimeSpan.FromSeconds(60), default);
            }
        }));

        var calls = connector.Requests.Where(r => r.IsActivityWrite).OrderBy(r => r.ReceivedAt).ToList();
        var over = new List<string>();
        foreach (var conversation in calls.GroupBy(c => c.ConversationId))
        {
            var arrivals = conversation.Select(c => c.ReceivedAt).ToList();
            for (int i = 0; i < arrivals.Count; i++)
            {
                // Arrival times carry the loopback's jitter, which the bot cannot know: a window is counted short by it.
                var limit = TeamsThreadLimits.PerThread.FirstOrDefault(l => l.Period >= CheckedWindows && i >= l.Operations
                    && arrivals[i] - arrivals[i - l.Operations] < l.Period - ArrivalJitter);
                if (limit != default)
                {
                    over.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{conversation.Key}: {limit.Operations + 1} calls within {limit.Period.TotalSeconds} s, up to call {i + 1}"));
                }
            }
        }

        output.WriteLine($"{Conversations * MessagesPerConversation} messages answered in "
            + $"{exchanging.Elapsed.TotalSeconds:F1} s with {calls.Count} Bot Connector calls; over Teams' limits: "
            + over.Count);
        foreach (string line in over.Take(20))
        {
            output.WriteLine(line);
        }

        // The calls of the first conversation over the limits, to tell a late arrival from a send of the wrong instance.
        var first = calls[0].ReceivedAt;
        foreach (var call in calls.Where(c => over.Count > 0 && over[0].StartsWith(c.ConversationId + ":", StringComparison.Ordinal)))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(call.ReceivedAt - first).TotalSeconds:F3} s {call.Activity?["type"]}"));
        }

        Assert.Empty(over);
    }

    private static BotProcessOptions Options(string name, string connectionString, ModelServerDouble model)
    {
        var options = SharedDatabaseBots.Options(name, connectionString, model);
        options.Environment["Turns__PollInterval"] = TimeSpan.FromSeconds(1).ToString();
        return options;
    }

    private static string ConversationOf(int user) => SharedDatabaseBots.ConversationOf(Group, user);
}
