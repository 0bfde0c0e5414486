using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// Two real bot processes on one PostgreSQL database, as a company runs them behind one bot: messages spread over both,
/// some delivered again to the other instance, one instance killed (SIGKILL) mid-run and started again later.
/// </summary>
public sealed class TwoInstanceFailoverTests(PostgresServerFixture postgres, ITestOutputHelper output)
    : IClassFixture<PostgresServerFixture>
{
    private const int Users = 100;
    private const int MessagesPerUser = 20;
    private const string Group = "failover";
    /// <summary>
    /// Shorter than the default (15 s) to keep the run short, long enough that a process starved by the rest of the suite
    /// on 2 cores still renews in time: a lease lapsing under a live worker is a takeover, and the model is called again.
    /// </summary>
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Slack for a loaded 2-core machine on top of the stated bound (lease + poll).</summary>
    private static readonly TimeSpan MachineSlack = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task TwoInstances_OneKilledMidRunThenRestarted_EveryMessageAnsweredOnceInOrderModelCalledOnce()
    {
        await using var db = (await postgres.CreateDatabaseAsync()).CreateDbContext();
        string connectionString = SharedDatabaseBots.PooledConnectionString(db);
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        await using var a = await BotProcess.StartAsync(Options("a", connectionString, model), default);
        await using var b = await BotProcess.StartAsync(Options("b", connectionString, model), default);
        var texts = new string[Users, MessagesPerUser];
        var posting = Stopwatch.StartNew();
        Task<(TimeSpan Elapsed, HashSet<string> Held)>? takeover = null;
        bool aAlive = true;

        for (int round = 0; round < MessagesPerUser; round++)
        {
            if (round == 8)
            {
                // Mid-run, while A holds conversations: SIGKILL, no goodbye. What it held is read after it is gone:
                // read before, a claim A made in between would be missing from the set.
                var sinceKill = Stopwatch.StartNew();
                a.Kill();
                aAlive = false;
                var held = await HeldByAsync(connectionString, "a/");
                takeover = MeasureTakeoverAsync(connectionString, held, sinceKill);
            }
            else if (round == 14)
            {
                await a.RestartAsync(default);
                aAlive = true;
            }

            int r = round;
            await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = 12 },
                async (user, ct) =>
                {
                    // Plain words: a random token could look like a secret to DLP and be redacted before the model.
                    string text = string.Create(CultureInfo.InvariantCulture, $"question {r} from user {user}.");
                    texts[user, r] = text;
                    var first = aAlive && (user + r) % 2 == 0 ? a : b;
                    var other = first == a ? b : (aAlive ? a : b);
                    var activity = Message(connector, user, text);
                    await PostAsync(first, activity, ct);
                    if ((user * MessagesPerUser + r) % 10 == 0)
                    {
                        // Teams delivers it again (no acknowledgement seen in time), to whichever instance.
                        await PostAsync(other, activity, ct);
                    }
                });
        }

        var posted = posting.Elapsed;
        await WaitForAllDeliveredAsync(connectionString, Users * MessagesPerUser, TimeSpan.FromSeconds(300));
        var (takeoverTime, heldConversations) = await takeover!;

        var cards = connector.AcceptedActivities.Where(r => r.AdaptiveCards.Count > 0).ToList();
        var modelCalls = model.Requests;
        var lost = new List<string>();
        var duplicated = new List<string>();
        var calledTwice = new List<string>();
        var outOfOrder = new List<string>();
        for (int user = 0; user < Users; user++)
        {
            string conversation = ConversationOf(user);
            var answers = cards.Where(c => c.ConversationId == conversation).Select(c => c.Body).ToList();
            int lastSeen = -1;
            for (int m = 0; m < MessagesPerUser; m++)
            {
                string echo = ModelServerDouble.EchoAnswer(texts[user, m]);
                int copies = answers.Count(body => body.Contains(echo, StringComparison.Ordinal));
                int calls = modelCalls.Count(c => c.Messages.Count > 0
                    && c.Messages[^1].Content.Contains(texts[user, m], StringComparison.Ordinal));
                int at = answers.FindIndex(body => body.Contains(echo, StringComparison.Ordinal));
                if (copies == 0)
                {
                    lost.Add(texts[user, m]);
                }
                else if (copies > 1)
                {
                    duplicated.Add(conversation);
                }

                if (calls > 1)
                {
                    calledTwice.Add(conversation);
                }

                if (at < lastSeen)
                {
                    outOfOrder.Add(texts[user, m]);
                }

                lastSeen = Math.Max(lastSeen, at);
            }
        }

        output.WriteLine($"posted {Users * MessagesPerUser} (+10% re-delivered) in {posted.TotalSeconds:F1} s; "
            + $"all delivered after {posting.Elapsed.TotalSeconds:F1} s; A held {heldConversations.Count} conversations at "
            + $"the kill, taken over in {takeoverTime.TotalSeconds:F1} s; duplicates {duplicated.Count}, "
            + $"model called twice {calledTwice.Count}");
        foreach (string line in a.Output.Select(l => "a| " + l).Concat(b.Output.Select(l => "b| " + l))
                     .Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase)
                         || l.Contains("warn", StringComparison.OrdinalIgnoreCase)).Take(60))
        {
            output.WriteLine(line);
        }

        Assert.Empty(lost);
        Assert.Empty(outOfOrder);
        // The only duplicate a SIGKILL can cause is an answer the connector took while the killed process had not yet
        // stored that it did (docs/admin-guide.md, "Several instances"): at most one per conversation it held. Likewise
        // the only second model call is one in flight at the kill. Nothing else, anywhere, is done twice.
        Assert.All(duplicated, conversation => Assert.Contains(conversation, heldConversations));
        Assert.All(calledTwice, conversation => Assert.Contains(conversation, heldConversations));
        Assert.Equal(duplicated.Count, duplicated.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(calledTwice.Count, calledTwice.Distinct(StringComparer.Ordinal).Count());
        Assert.True(takeoverTime <= LeaseDuration + PollInterval + MachineSlack,
            $"A's conversations were taken over after {takeoverTime.TotalSeconds:F1} s");
        Assert.Equal(Users * MessagesPerUser, modelCalls.Count - calledTwice.Count);
    }

    private static BotProcessOptions Options(string name, string connectionString, ModelServerDouble model)
    {
        var options = SharedDatabaseBots.Options(name, connectionString, model);
        options.Environment["Streaming__Enabled"] = "false";
        options.Environment["Turns__LeaseDuration"] = LeaseDuration.ToString();
        options.Environment["Turns__PollInterval"] = PollInterval.ToString();
        return options;
    }

    private static string ConversationOf(int user) => SharedDatabaseBots.ConversationOf(Group, user);

    private static JsonObject Message(ConnectorDouble connector, int user, string text) =>
        SharedDatabaseBots.Message(connector, Group, user, text);

    private static Task PostAsync(BotProcess bot, JsonObject activity, CancellationToken cancellationToken) =>
        SharedDatabaseBots.PostAsync(bot, activity, cancellationToken);

    /// <summary>Conversations whose lease the instance named <paramref name="ownerPrefix"/> holds now.</summary>
    private static async Task<HashSet<string>> HeldByAsync(string connectionString, string ownerPrefix)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"Id\" FROM conversations WHERE \"LeaseOwner\" LIKE @owner || '%'", connection);
        command.Parameters.AddWithValue("owner", ownerPrefix);
        var held = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            held.Add(reader.GetString(0));
        }

        return held;
    }

    /// <summary>
    /// From the kill until every conversation the dead instance held is claimed by a live one (or released after a
    /// step there), or has nothing left to do: the lease lapsing and the next poll's claim.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, HashSet<string> Held)> MeasureTakeoverAsync(string connectionString,
        HashSet<string> held, Stopwatch watch)
    {
        var waiting = new HashSet<string>(held, StringComparer.Ordinal);
        while (waiting.Count > 0 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT c."Id" FROM conversations c
                WHERE c."Id" = ANY(@ids) AND (c."LeaseOwner" IS NULL OR c."LeaseOwner" NOT LIKE 'a/%' OR NOT EXISTS (
                    SELECT 1 FROM turns t WHERE t."ConversationId" = c."Id" AND t."Role" = 'User'
                      AND (t."Status" = 'Pending' OR (t."Status" = 'Answered' AND t."AnswerDeliveredAt" IS NULL))))
                """, connection);
            command.Parameters.AddWithValue("ids", waiting.ToArray());
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    waiting.Remove(reader.GetString(0));
                }
            }

            await Task.Delay(100);
        }

        return (watch.Elapsed, held);
    }

    private static async Task WaitForAllDeliveredAsync(string connectionString, int expected, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        long delivered = 0;
        while (watch.Elapsed < timeout)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FROM turns WHERE \"Role\" = 'User' AND \"AnswerDeliveredAt\" IS NOT NULL", connection);
            delivered = (long)(await command.ExecuteScalarAsync())!;
            if (delivered >= expected)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{delivered} of {expected} answers delivered within {timeout}");
    }
}
