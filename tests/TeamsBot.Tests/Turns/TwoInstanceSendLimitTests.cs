using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;
using Xunit.Abstractions;
using TeamsThreadLimits = TeamsBot.LoadTest.TeamsThreadLimits;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// Two real bot processes on one PostgreSQL database, each conversation's messages arriving at both in turn: together
/// they must stay within Teams' per-conversation limits, as one instance does alone.
/// </summary>
public sealed class TwoInstanceSendLimitTests(PostgresServerFixture postgres, ITestOutputHelper output)
    : IClassFixture<PostgresServerFixture>
{
    private const int Conversations = 3;
    private const int MessagesPerConversation = 16;
    private const string BotAppId = "teamsbot-dev";

    /// <summary>How much closer together two calls may arrive than they left, on a loaded 2-core machine.</summary>
    private static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task TwoInstances_QuickExchangeAlternatingBetweenThem_StayWithinTeamsLimitsTogether()
    {
        await using var db = (await postgres.CreateDatabaseAsync()).CreateDbContext();
        string connectionString = db.Database.GetConnectionString()!.Replace("Pooling=false", "Pooling=true",
            StringComparison.Ordinal);
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        await using var a = await BotProcess.StartAsync(Options("a", connectionString, model), default);
        await using var b = await BotProcess.StartAsync(Options("b", connectionString, model), default);
        var exchanging = Stopwatch.StartNew();

        // Each user asks the next question as soon as the answer shows, and Teams hands each message to either
        // instance: here to each in turn, the worst case for an instance that paces only what it sends itself.
        await Task.WhenAll(Enumerable.Range(0, Conversations).Select(async user =>
        {
            for (int m = 0; m < MessagesPerConversation; m++)
            {
                string text = string.Create(CultureInfo.InvariantCulture, $"question {m} from user {user}.");
                await PostAsync(m % 2 == 0 ? a : b, Message(connector, user, text));
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
                var limit = TeamsThreadLimits.PerThread.FirstOrDefault(l => i >= l.Operations
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

        Assert.Empty(over);
    }

    private static BotProcessOptions Options(string name, string connectionString, ModelServerDouble model)
    {
        var options = new BotProcessOptions { UseSqliteInDataDirectory = false };
        options.Environment["Storage__Provider"] = "Postgres";
        options.Environment["Audit__KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey;
        options.Environment["Storage__ConnectionString"] = connectionString;
        options.Environment["Model__Provider"] = "OpenAI";
        options.Environment["Model__Endpoint"] = model.OpenAIEndpoint.ToString();
        options.Environment["Model__Deployment"] = "test-model";
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Turns__InstanceName"] = name;
        options.Environment["Turns__PollInterval"] = TimeSpan.FromSeconds(1).ToString();
        options.Environment["Logging__LogLevel__Default"] = "Warning";
        return options;
    }

    private static string ConversationOf(int user) => string.Create(CultureInfo.InvariantCulture, $"a:1limits-user-{user}");

    private static JsonObject Message(ConnectorDouble connector, int user, string text) =>
        TeamsActivities.From(TeamsActivities.PersonalMessage(text, connector.ServiceUrl, BotAppId, ConversationOf(user)),
            string.Create(CultureInfo.InvariantCulture, $"29:limits-user-{user}"),
            string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{user:D12}"),
            string.Create(CultureInfo.InvariantCulture, $"User {user}"));

    private static async Task PostAsync(BotProcess bot, JsonObject activity)
    {
        using var response = await bot.PostActivityAsync(activity, null, default);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
            $"receipt answered {(int)response.StatusCode}");
    }
}
