using System.Net;
using Microsoft.Data.Sqlite;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// The real bot process killed (SIGKILL, no goodbye) at the two moments that matter, made deterministic by a double that
/// holds its answer: after the answer is stored while the Bot Connector has not answered its send, and while the model
/// is still answering. Restarted on the same database, it finishes the turn.
/// </summary>
public sealed class KilledInstanceTests
{
    private const string BotAppId = "teamsbot-dev";

    [Fact]
    public async Task Kill_AfterStoreWhileConnectorHoldsSend_RestartDeliversStoredAnswerAgainModelNotCalledAgain()
    {
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        await using var bot = await BotProcess.StartAsync(Options(model), default);
        string text = "killed while sending " + Guid.NewGuid().ToString("N");
        string echo = ModelServerDouble.EchoAnswer(text);
        var send = connector.HoldNext(r => r.AdaptiveCards.Count > 0 && r.Body.Contains(echo, StringComparison.Ordinal));

        await PostAsync(bot, connector, text);
        await send.WaitUntilArrivedAsync(TimeSpan.FromSeconds(60));
        // The moment of the one duplicate the protocol allows: Teams has the message, the bot has not heard so.
        var atKill = await UserTurnAsync(bot, text);
        Assert.Equal(("Answered", false), (atKill.Status, atKill.Delivered));
        bot.Kill();
        send.Release();
        await bot.RestartAsync(default);

        var copies = await connector.WaitForRequestsAsync(
            r => r.Succeeded && r.AdaptiveCards.Count > 0 && r.Body.Contains(echo, StringComparison.Ordinal), 2,
            TimeSpan.FromSeconds(60), default);
        var done = await WaitForUserTurnAsync(bot, text, t => t.Delivered, TimeSpan.FromSeconds(20));

        // docs/admin-guide.md, "Several instances": the user sees that answer twice (once per crash at most, in one
        // conversation); the model is not called again for it.
        Assert.Equal(2, copies.Count);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, AcceptedAnswers(connector, echo));
        Assert.Equal(1, ModelCalls(model, text));
        Assert.Equal(("Answered", true), (done.Status, done.Delivered));
    }

    [Fact]
    public async Task Kill_WhileModelHoldsAnswer_RestartAsksModelOnceMoreOneAnswerDelivered()
    {
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        await using var bot = await BotProcess.StartAsync(Options(model), default);
        string text = "killed while thinking " + Guid.NewGuid().ToString("N");
        string echo = ModelServerDouble.EchoAnswer(text);
        var call = model.HoldNext(r => r.LastUserMessage.Contains(text, StringComparison.Ordinal));

        await PostAsync(bot, connector, text);
        await call.WaitUntilArrivedAsync(TimeSpan.FromSeconds(60));
        var atKill = await UserTurnAsync(bot, text);
        Assert.Equal(("Pending", false), (atKill.Status, atKill.Delivered));
        bot.Kill();
        call.Release();
        await bot.RestartAsync(default);

        await connector.WaitForActivityAsync(r => r.AdaptiveCards.Count > 0 && r.Body.Contains(echo, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), default);
        var done = await WaitForUserTurnAsync(bot, text, t => t.Delivered, TimeSpan.FromSeconds(20));

        // The answer in flight at the kill was never stored: asked once more, and answered once.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, ModelCalls(model, text));
        Assert.Equal(1, AcceptedAnswers(connector, echo));
        Assert.Equal(("Answered", true), (done.Status, done.Delivered));
    }

    private static BotProcessOptions Options(ModelServerDouble model)
    {
        var options = new BotProcessOptions();
        options.AnsweredBy(model);
        options.Environment["Model__MaxRetries"] = "0";
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Streaming__Enabled"] = "false";
        // The killed process's lease lapses at once for the restarted one (the shortest the settings allow).
        options.Environment["Turns__LeaseDuration"] = "00:00:02";
        options.Environment["Turns__PollInterval"] = "00:00:00.2";
        return options;
    }

    private static async Task PostAsync(BotProcess bot, ConnectorDouble connector, string text)
    {
        using var response = await bot.PostActivityAsync(
            TeamsActivities.PersonalMessage(text, connector.ServiceUrl, BotAppId), null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static int AcceptedAnswers(ConnectorDouble connector, string echo) => connector.AcceptedActivities.Count(
        r => r.AdaptiveCards.Count > 0 && r.Body.Contains(echo, StringComparison.Ordinal));

    private static int ModelCalls(ModelServerDouble model, string text) =>
        model.Requests.Count(r => r.LastUserMessage.Contains(text, StringComparison.Ordinal));

    /// <summary>The user turn's status and whether its answer is marked delivered, read from the bot's SQLite file.</summary>
    private static async Task<(string Status, bool Delivered)> UserTurnAsync(BotProcess bot, string text)
    {
        await using var connection = new SqliteConnection($"Data Source={bot.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Status\", \"AnswerDeliveredAt\" IS NOT NULL FROM turns "
            + "WHERE \"Role\" = 'User' AND instr(\"Text\", $text) > 0";
        command.Parameters.AddWithValue("$text", text);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the message was not stored");
        return (reader.GetString(0), reader.GetInt64(1) == 1);
    }

    private static async Task<(string Status, bool Delivered)> WaitForUserTurnAsync(BotProcess bot, string text,
        Func<(string Status, bool Delivered), bool> done, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var turn = await UserTurnAsync(bot, text);
            if (done(turn) || DateTimeOffset.UtcNow > deadline)
            {
                return turn;
            }

            await Task.Delay(100);
        }
    }
}
