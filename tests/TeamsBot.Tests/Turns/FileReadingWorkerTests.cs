using System.Net;
using Microsoft.Data.Sqlite;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// The real bot process killed (SIGKILL) while it downloads a file sent in chat, made deterministic by a download double
/// that holds the file: restarted on the same database, it tells the sender once that the file could not be read to the
/// end, and keeps nothing of it.
/// </summary>
public sealed class FileReadingWorkerTests
{
    private const string BotAppId = "teamsbot-dev";

    [Fact]
    public async Task Kill_WhileDownloading_RestartSaysSendItAgainOnceAndKeepsNothing()
    {
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        await using var downloads = await DownloadServerDouble.StartAsync(default);
        await using var bot = await BotProcess.StartAsync(Options(model), default);
        var (url, download) = downloads.ServeHeld("The offsite is in Lisbon."u8.ToArray(), "cut.txt");
        var uploaded = TeamsActivities.PersonalFile("cut.txt", url, connector.ServiceUrl, BotAppId,
            "a:1killed-" + Guid.NewGuid().ToString("N"));
        string id = (string)uploaded["id"]!;

        using (var response = await bot.PostActivityAsync(uploaded, null, default))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await download.WaitUntilArrivedAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await CountDocumentsAsync(bot));
        bot.Kill();
        download.Release();
        await bot.RestartAsync(default);

        // Its deadline: the time limit (5 s) and the margin (15 s) after its reader took it up.
        var lost = await connector.WaitForActivityAsync(a => IsAnswerTo(a, id)
            && a.Body.Contains("could not finish reading \\\"cut.txt", StringComparison.Ordinal), TimeSpan.FromSeconds(90), default);
        // Two more sweeps of the restarted instance.
        await Task.Delay(TimeSpan.FromSeconds(11));

        Assert.Contains("Please send it again", lost.Body, StringComparison.Ordinal);
        Assert.Equal(["Reading", "could not finish reading"], connector.AcceptedActivities.Where(a => IsAnswerTo(a, id))
            .Select(a => a.Body.Contains("could not finish reading", StringComparison.Ordinal) ? "could not finish reading"
                : a.Body.Contains("Reading \\\"cut.txt", StringComparison.Ordinal) ? "Reading" : a.Body));
        Assert.Equal(0, await CountDocumentsAsync(bot));
    }

    private static bool IsAnswerTo(ConnectorRequest request, string activityId) => request.AdaptiveCards.Count > 0
        && (request.ActivityId == activityId || (string?)request.Activity?["replyToId"] == activityId);

    private static BotProcessOptions Options(ModelServerDouble model)
    {
        var options = new BotProcessOptions();
        options.AnsweredBy(model);
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Knowledge__AllowedDownloadHosts__0"] = "127.0.0.1";
        options.Environment["Knowledge__ReceiveTimeout"] = "00:00:05";
        return options;
    }

    private static async Task<long> CountDocumentsAsync(BotProcess bot)
    {
        await using var connection = new SqliteConnection($"Data Source={bot.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM knowledge_documents";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
