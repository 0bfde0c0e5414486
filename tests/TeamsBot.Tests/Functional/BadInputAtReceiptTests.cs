using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// Input a store cannot hold, through the real endpoint of the real app on SQLite and on PostgreSQL. Ids no Teams
/// activity has are refused with 400 (a 500 makes Teams deliver the message again for ever); a message whose text
/// holds U+0000 or a lone surrogate is answered, with those characters replaced, and nothing of it is lost.
/// </summary>
public sealed class BadInputAtReceiptTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>,
    IAsyncLifetime
{
    private const string BotId = "28:teamsbot-dev";
    private const string Marker = "@@RAW@@";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private ConnectorDouble _connector = null!;
    private ModelServerDouble _model = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorDouble.StartAsync(default);
        _model = await ModelServerDouble.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        await _connector.DisposeAsync();
    }

    /// <summary>Where in the activity, and the raw JSON value that no Teams activity has there.</summary>
    public static TheoryData<string, string> BadIds() => new()
    {
        { "conversation.id", Quoted("a:" + new string('x', 100_000)) },
        { "id", Quoted(new string('7', 300)) },
        { "conversation.tenantId", Quoted(new string('t', 100)) },
        { "from.id", "\"29:user\\u0000\"" },
        { "from.aadObjectId", Quoted(new string('a', 1000)) },
        { "from.name", "\"Megan \\ud800\"" },
        { "serviceUrl", Quoted("http://127.0.0.1:9/" + new string('p', 5000)) },
    };

    [Fact]
    public async Task Receive_Sqlite_IdsNoTeamsActivityHasRefused400AndUnstorableTextAnswered()
    {
        await using var bot = await BotProcess.StartAsync(Options(), default);

        await AssertBadIdsRefusedAsync(bot);
        await AssertUnstorableTextAnsweredAsync(bot);
    }

    [Fact]
    public async Task Receive_Postgres_IdsNoTeamsActivityHasRefused400AndUnstorableTextAnswered()
    {
        await using var db = (await postgres.CreateDatabaseAsync()).CreateDbContext();
        var options = Options();
        options.UseSqliteInDataDirectory = false;
        options.Environment["Storage__Provider"] = "Postgres";
        options.Environment["Audit__KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey;
        options.Environment["Storage__ConnectionString"] = db.Database.GetConnectionString()!;
        await using var bot = await BotProcess.StartAsync(options, default);

        await AssertBadIdsRefusedAsync(bot);
        await AssertUnstorableTextAnsweredAsync(bot);
    }

    private async Task AssertBadIdsRefusedAsync(BotProcess bot)
    {
        foreach (var row in BadIds())
        {
            string path = (string)row[0];
            string json = (string)row[1];
            string conversation = "a:bad-" + Guid.NewGuid().ToString("N");

            using var response = await PostRawAsync(bot, conversation, "hello", path, json);
            string body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Contains(path, body, StringComparison.Ordinal);
            Assert.True(body.Length < 500, $"{path}: a short body, got {body.Length} characters");
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        }

        Assert.Empty(_model.Requests);
        Assert.DoesNotContain(bot.Output, line => line.Contains("fail:", StringComparison.Ordinal));
    }

    private async Task AssertUnstorableTextAnsweredAsync(BotProcess bot)
    {
        string conversation = "a:nul-" + Guid.NewGuid().ToString("N");

        // U+0000 and a lone high surrogate, as JSON escapes (the only way either can travel in UTF-8 JSON).
        using var response = await PostRawAsync(bot, conversation, "before" + Marker + "after", "text",
            "\"before\\u0000after \\ud83d end\"");
        var answer = await _connector.WaitForActivityAsync(
            a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0, Wait, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("before\uFFFDafter \uFFFD end", Assert.Single(_model.Requests).LastUserMessage);
        Assert.Contains("Echo: before\uFFFDafter \uFFFD end", answer.Body, StringComparison.Ordinal);
    }

    private BotProcessOptions Options()
    {
        var options = new BotProcessOptions();
        options.AnsweredBy(_model);
        options.Environment["Model__MaxRetries"] = "0";
        return options;
    }

    /// <summary>Posts a Teams message whose <paramref name="path"/> holds exactly the raw JSON <paramref name="json"/>.</summary>
    private async Task<HttpResponseMessage> PostRawAsync(BotProcess bot, string conversation, string text, string path,
        string json)
    {
        var activity = TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, BotId, conversation);
        string[] names = path.Split('.');
        var parent = names.SkipLast(1).Aggregate((JsonNode)activity, (node, name) => node[name]!).AsObject();
        parent[names[^1]] = Marker;
        string body = activity.ToJsonString().Replace("\"" + Marker + "\"", json, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "api/messages"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return await bot.SendAsync(request, default);
    }

    private static string Quoted(string value) => "\"" + value + "\"";
}
