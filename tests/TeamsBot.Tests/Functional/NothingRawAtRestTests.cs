using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// Secrets and personal data sent in messages of every outcome (answered, refused for each admission rule, too long,
/// blocked by DLP, failed) through the real endpoint of the real app, then every byte the database holds is searched
/// for them: the SQLite main file, its WAL and shared-memory files, and on PostgreSQL every row of every table.
/// </summary>
public sealed class NothingRawAtRestTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>,
    IAsyncLifetime
{
    private const string Bot = "teamsbot-dev";
    private const string BlockedUser = "0b5c4f7e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
    private const string GroupTenant = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    private const string ForeignTenant = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";
    private const int MaxInputChars = 3000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly SecretCanaries _canaries = new();
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

    [Fact]
    public async Task EveryOutcome_Sqlite_NoSecretInTheDatabaseFilesOrLogs()
    {
        await using var bot = await BotProcess.StartAsync(Options(), default);

        await SendEveryOutcomeAsync(bot);

        AssertEveryOutcomeAudited(await AuditedOutcomesAsync(bot.DatabasePath));
        // While the app runs, the WAL holds the latest writes; after it stops, only the main file is left.
        AssertNoHits(ReadDatabaseFiles(bot.DatabasePath), "the SQLite files of the running app");
        Assert.Empty(_canaries.FindIn(Encoding.UTF8.GetBytes(bot.OutputText)));
        await bot.StopAsync(default);
        AssertNoHits(ReadDatabaseFiles(bot.DatabasePath), "the SQLite files after shutdown");
    }

    [Fact]
    public async Task EveryOutcome_Postgres_NoSecretInAnyTable()
    {
        await using var db = (await postgres.CreateDatabaseAsync()).CreateDbContext();
        string connectionString = db.Database.GetConnectionString()!;
        var options = Options();
        options.UseSqliteInDataDirectory = false;
        options.Environment["Storage__Provider"] = "Postgres";
        options.Environment["Audit__KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey;
        options.Environment["Storage__ConnectionString"] = connectionString;
        await using var bot = await BotProcess.StartAsync(options, default);

        await SendEveryOutcomeAsync(bot);

        AssertNoHits(Encoding.UTF8.GetBytes(await DumpEveryTableAsync(connectionString)), "PostgreSQL's tables");
        Assert.Empty(_canaries.FindIn(Encoding.UTF8.GetBytes(bot.OutputText)));
    }

    private BotProcessOptions Options()
    {
        var options = new BotProcessOptions();
        options.AnsweredBy(_model);
        options.Environment["Model__MaxRetries"] = "0";
        options.Environment["Audit__IncludeContent"] = "true";
        options.Environment["Limits__MaxInputChars"] = MaxInputChars.ToString(System.Globalization.CultureInfo.InvariantCulture);
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Policy__AllowedTenants__1"] = GroupTenant;
        options.Environment["Policy__BlockedUsers__0"] = BlockedUser;
        options.Environment["Policy__Scopes__GroupChat"] = "false";
        // The second tenant admits only a group, and its directory cannot be reached: every check there fails.
        options.Environment[$"Policy__Tenants__{GroupTenant}__AllowedGroups__0"] = "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968";
        options.Environment["Graph__BaseUrl"] = "http://127.0.0.1:9/v1.0";
        options.Environment["Graph__TenantId"] = GroupTenant;
        options.Environment["Azure__Credential"] = "ClientSecret";
        options.Environment["Azure__TenantId"] = GroupTenant;
        options.Environment["Azure__ClientId"] = "00000000-0000-0000-0000-0000000000aa";
        options.Environment["Azure__ClientSecret"] = "graph-client-secret-for-tests";
        options.Environment["Azure__AuthorityHost"] = "https://127.0.0.1:9/";
        return options;
    }

    private async Task SendEveryOutcomeAsync(BotProcess bot)
    {
        var service = _connector.ServiceUrl;

        // Answered (personal data redacted), then liked with a comment that carries more of it.
        string answered = await AskAsync(bot, TeamsActivities.PersonalMessage(_canaries.PersonalData(1), service, Bot));
        await WaitForCardsAsync(answered, 1);
        var rated = _connector.AcceptedActivities.Last(r => r.ConversationId == answered);
        using (var liked = await bot.PostActivityAsync(TeamsActivities.FeedbackInvoke(service, Bot, answered,
                   rated.ResponseId!, "like", _canaries.PersonalData(2)), null, default))
        {
            Assert.Equal(HttpStatusCode.OK, liked.StatusCode);
        }

        // Blocked by DLP at receipt.
        await AskAndWaitAsync(bot, TeamsActivities.PersonalMessage(_canaries.Everything(3), service, Bot));

        // Refused by admission: a blocked user, a scope the policy turns off, a tenant not allowed, a group rule whose
        // directory is down.
        await AskAndWaitAsync(bot, TeamsActivities.From(
            TeamsActivities.PersonalMessage(_canaries.Everything(4), service, Bot), "29:blocked", BlockedUser, "Blocked User"));
        await AskAndWaitAsync(bot, TeamsActivities.GroupChatMention(_canaries.Everything(5), service, Bot,
            "19:group-" + Guid.NewGuid().ToString("N") + "@thread.v2"));
        await AskAndWaitAsync(bot, InTenant(TeamsActivities.PersonalMessage(_canaries.Everything(6), service, Bot), ForeignTenant));
        await AskAndWaitAsync(bot, InTenant(TeamsActivities.PersonalMessage(_canaries.Everything(7), service, Bot), GroupTenant));

        // Too long (refused when answered), and failed (the model answers 500).
        string padding = new('x', MaxInputChars);
        await AskAndWaitAsync(bot, TeamsActivities.PersonalMessage(_canaries.PersonalData(8) + " " + padding, service, Bot));
        _model.Enqueue(ModelResponse.ServerError());
        await AskAndWaitAsync(bot, TeamsActivities.PersonalMessage(_canaries.PersonalData(9), service, Bot));

        // The last writes of a turn (answer, audit record) follow its card: give them a moment.
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    private static async Task<string> AskAsync(BotProcess bot, JsonObject activity)
    {
        using var response = await bot.PostActivityAsync(activity, null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)activity["conversation"]!["id"]!;
    }

    private async Task AskAndWaitAsync(BotProcess bot, JsonObject activity) =>
        await WaitForCardsAsync(await AskAsync(bot, activity), 1);

    private Task WaitForCardsAsync(string conversation, int count) =>
        _connector.WaitForRequestsAsync(r => r.IsActivityWrite && r.Succeeded && r.ConversationId == conversation
            && r.AdaptiveCards.Count > 0, count, Wait, default);

    private static JsonObject InTenant(JsonObject activity, string tenantId)
    {
        activity["conversation"]!["tenantId"] = tenantId;
        activity["channelData"]!["tenant"]!["id"] = tenantId;
        return activity;
    }

    /// <summary>The scenario is only worth something if each outcome really happened.</summary>
    private static void AssertEveryOutcomeAudited(IReadOnlyList<string> outcomes)
    {
        foreach (var expected in new[]
        {
            "Redacted:", "Refused:dlp.", "Refused:policy.blocked_user", "Refused:policy.scope.groupchat",
            "Refused:policy.tenant", "Refused:policy.directory_unavailable", "Refused:input.too_long", "Failed:",
        })
        {
            Assert.True(outcomes.Any(o => o.StartsWith(expected, StringComparison.Ordinal)),
                $"No audit record starts with {expected}; recorded: {string.Join(", ", outcomes)}");
        }
    }

    private static async Task<IReadOnlyList<string>> AuditedOutcomesAsync(string databasePath)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Decision || ':' || COALESCE(Rule, '') FROM audit_log ORDER BY Sequence";
        var outcomes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            outcomes.Add(reader.GetString(0));
        }

        return outcomes;
    }

    private void AssertNoHits(byte[] bytes, string where)
    {
        Assert.True(bytes.Length > 0, $"Nothing was read from {where}.");
        var hits = _canaries.FindIn(bytes);
        Assert.True(hits.Count == 0, $"{hits.Count} planted value(s) found in {where}: {string.Join(", ", hits)}");
    }

    /// <summary>Every byte of the main file, the WAL and the shared-memory file, read while SQLite may hold them.</summary>
    private static byte[] ReadDatabaseFiles(string databasePath)
    {
        using var all = new MemoryStream();
        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.CopyTo(all);
            }
        }

        return all.ToArray();
    }

    private static async Task<string> DumpEveryTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("turns", tables);
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.Append(reader.GetString(0)).Append('\n');
            }
        }

        return dump.ToString();
    }
}
