using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using TeamsBot.History;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// PostgreSQL taken away from the bot (its connections go through <see cref="TcpProxy"/>) between the model's answer and
/// its store: the answer is held and the store retried for Turns:AnswerStoreWindow; past it the user is told the
/// truth and the message is answered again once the database is back.
/// </summary>
public sealed class DatabaseOutageTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    /// <summary>Longer than the lease (2 s) and the store window (2 s): the answer is given up, the lease lapsed.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Answer_DatabaseCutAfterModelCallRestoredWithinStoreWindow_StoredDeliveredOnceModelCalledOnce()
    {
        var database = await DatabaseAsync();
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, database.Port));
        var logs = new RecordingLoggerProvider();
        await using var engine = await StartAsync(Through(proxy, database), "00:01:00", logs);
        string text = "database away " + Guid.NewGuid().ToString("N");
        var call = engine.Model.HoldNext(r => r.LastUserMessage.Contains(text, StringComparison.Ordinal));

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        await call.WaitUntilArrivedAsync(TimeSpan.FromSeconds(60));
        proxy.Cut();
        call.Release();
        // The fifth failed store is 3.75 s into the outage, past the 2 s lease; the sixth comes 4 s later. Back now,
        // the database sees the worker's next poll (every 50 ms) long before the held answer's next store.
        await WaitForLogAsync(logs, e => e.EventId == 2421 && e.Message.Contains("attempt 5,", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        proxy.Restore();

        await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(60));
        var turn = await engine.WaitForUserTurnAsync(text, t => t.AnswerDeliveredAt is not null, TimeSpan.FromSeconds(20));

        // Before: the worker claimed the lapsed conversation again while the first step still held the answer, and
        // asked the model a second time.
        Assert.True(proxy.Refused > 0, "the database was not away");
        Assert.Equal(1, engine.ModelCallsFor(text));
        Assert.Equal(1, engine.AcceptedAnswersTo(text));
        Assert.Equal(TurnStatus.Answered, turn.Status);
        Assert.Equal([], engine.Connector.AcceptedActivities.Where(r => r.AdaptiveCards.Count > 0)
            .Select(r => r.Body).Where(b => !b.Contains(ModelServerDouble.EchoAnswer(text), StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answer_DatabaseAwayPastStoreWindow_UserToldDelayedThenAnsweredOnceWhenBack()
    {
        var database = await DatabaseAsync();
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, database.Port));
        var logs = new RecordingLoggerProvider();
        await using var engine = await StartAsync(Through(proxy, database), "00:00:02", logs);
        string text = "database away long " + Guid.NewGuid().ToString("N");
        string echo = ModelServerDouble.EchoAnswer(text);
        var call = engine.Model.HoldNext(r => r.LastUserMessage.Contains(text, StringComparison.Ordinal));

        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl, EngineHarness.BotAppId));
        await call.WaitUntilArrivedAsync(TimeSpan.FromSeconds(60));
        proxy.Cut();
        call.Release();
        var notice = await engine.Connector.WaitForActivityAsync(r => r.AdaptiveCards.Count > 0,
            TimeSpan.FromSeconds(30), default);
        await Task.Delay(Outage);
        Assert.Equal(0, engine.AcceptedAnswersTo(text));
        proxy.Restore();

        await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(60));
        var turn = await engine.WaitForUserTurnAsync(text, t => t.AnswerDeliveredAt is not null, TimeSpan.FromSeconds(20));

        // The truth, then the answer: no "could not answer" or "could not take your message" card in between.
        Assert.Contains("Your answer is delayed", notice.Body, StringComparison.Ordinal);
        var cards = engine.Connector.AcceptedActivities.Where(r => r.AdaptiveCards.Count > 0).ToList();
        Assert.True(cards.Count == 2, "cards: " + string.Join(" | ", cards.Select(c => c.AdaptiveCards[0].ToJsonString())));
        Assert.Contains(echo, cards[1].Body, StringComparison.Ordinal);
        Assert.Equal(1, engine.AcceptedAnswersTo(text));
        // The first answer was only ever in memory: the model is asked once more, and only once.
        Assert.Equal(2, engine.ModelCallsFor(text));
        Assert.Equal(TurnStatus.Answered, turn.Status);
        Assert.Contains(logs.Entries, e => e.EventId == 2423);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>A fresh, migrated database; the bot pools its connections, as in production.</summary>
    private async Task<NpgsqlConnectionStringBuilder> DatabaseAsync()
    {
        var contexts = await postgres.CreateDatabaseAsync();
        await using var db = contexts.CreateDbContext();
        return new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = true };
    }

    private static string Through(TcpProxy proxy, NpgsqlConnectionStringBuilder database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port }.ConnectionString;

    private static Task<EngineHarness> StartAsync(string connectionString, string storeWindow,
        RecordingLoggerProvider logs) =>
        EngineHarness.StartAsync(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
            ["Turns:LeaseDuration"] = "00:00:02",
            ["Turns:PollInterval"] = "00:00:00.05",
            ["Turns:AnswerStoreWindow"] = storeWindow,
        }, services => services.AddSingleton<ILoggerProvider>(logs));

    private static async Task WaitForLogAsync(RecordingLoggerProvider logs, Func<(int EventId, string Message), bool> which,
        TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!logs.Entries.Any(which))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the log line was not written within {timeout}");
            await Task.Delay(50);
        }
    }
}
