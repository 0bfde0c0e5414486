using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>Real bot processes on one PostgreSQL database, as instances behind one bot, and their users' messages.</summary>
internal static class SharedDatabaseBots
{
    private const string BotAppId = "teamsbot-dev";

    /// <summary>
    /// The test database's connection string with pooling on: the fixture's opens a connection per command, and the
    /// bots pool theirs, as in production.
    /// </summary>
    public static string PooledConnectionString(DbContext db) =>
        db.Database.GetConnectionString()!.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal);

    /// <summary>An instance named <paramref name="name"/> on the database, answered by <paramref name="model"/>.</summary>
    public static BotProcessOptions Options(string name, string connectionString, ModelServerDouble model)
    {
        var options = new BotProcessOptions { UseSqliteInDataDirectory = false };
        options.Environment["Storage__Provider"] = "Postgres";
        options.Environment["Audit__KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey;
        options.Environment["Storage__ConnectionString"] = connectionString;
        options.AnsweredBy(model);
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Turns__InstanceName"] = name;
        // Thousands of turns of information lines would only slow the processes down.
        options.Environment["Logging__LogLevel__Default"] = "Warning";
        return options;
    }

    /// <summary>The 1:1 chat of user <paramref name="user"/> of the group named <paramref name="group"/>.</summary>
    public static string ConversationOf(string group, int user) =>
        string.Create(CultureInfo.InvariantCulture, $"a:1{group}-user-{user}");

    public static JsonObject Message(ConnectorDouble connector, string group, int user, string text) =>
        TeamsActivities.From(
            TeamsActivities.PersonalMessage(text, connector.ServiceUrl, BotAppId, ConversationOf(group, user)),
            string.Create(CultureInfo.InvariantCulture, $"29:{group}-user-{user}"),
            string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{user:D12}"),
            string.Create(CultureInfo.InvariantCulture, $"User {user}"));

    /// <summary>Posts as Teams does and checks the receipt was acknowledged.</summary>
    public static async Task PostAsync(BotProcess bot, JsonObject activity, CancellationToken cancellationToken)
    {
        using var response = await bot.PostActivityAsync(activity, null, cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
            $"receipt answered {(int)response.StatusCode}");
    }
}
