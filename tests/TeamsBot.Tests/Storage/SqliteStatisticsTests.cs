using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsBot.Connector;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.Storage;

/// <summary>
/// With statistics, SQLite claims work through the index of unfinished turns, not through the status index that holds
/// every answer: read from SQLite's own plan of each claim query, on a table of 20,000 finished turns.
/// </summary>
public sealed class SqliteStatisticsTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly TurnQueryRecorder _queries = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Claim_AfterRefresh_ReadsTheIndexOfUnfinishedTurns()
    {
        var contexts = new InterceptedSqliteContexts(_database.ConnectionString, _queries);
        await using (var db = _database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync(FillSql);
            await SqliteStatistics.RefreshAsync(db, default);
        }

        var ledger = new TurnLedger(contexts, Options.Create(new TurnsOptions()), new ConversationSendPacer(TimeProvider.System), TimeProvider.System);
        var claimed = new List<string>();
        await foreach (string conversationId in ledger.ClaimAsync(8, default))
        {
            claimed.Add(conversationId);
        }

        Assert.Equal(["c1", "c2", "c3"], claimed.Order());
        var heads = Assert.Single(_queries.Reads, q => q.Sql.Contains("GROUP BY", StringComparison.Ordinal));
        string plan = await ExplainAsync(heads);
        Assert.Contains(TurnLedger.UnfinishedIndex, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("IX_turns_Status_", plan, StringComparison.Ordinal);
    }

    private const string FillSql = """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
        INSERT INTO conversations ("Id", "ContextEpoch", "CreatedAt", "ReferenceJson", "Scope", "TenantId", "UpdatedAt")
            SELECT 'c' || i, 0, '2026-12-01 00:00:00', '{{}}', 'Personal', 't', '2026-12-01 00:00:00' FROM n WHERE i <= 100;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
        INSERT INTO turns ("ConversationId", "ActivityId", "Role", "Status", "Text", "TokenCount", "TenantId", "UserId",
                "ContextEpoch", "CreatedAt", "AnswerDeliveredAt", "Attempts", "WaitNoticeSent")
            SELECT 'c' || (i % 100 + 1), 'a' || i, 'User', 'Answered', 'question', 2, 't', 'u', 0, '2026-12-01 00:00:00',
                '2026-12-01 00:00:01', 0, 0 FROM n;
        INSERT INTO turns ("ConversationId", "Role", "Status", "Text", "TokenCount", "TenantId", "UserId", "ContextEpoch",
                "CreatedAt", "ReplyToId", "Attempts", "WaitNoticeSent")
            SELECT "ConversationId", 'Assistant', 'Answered', 'answer', 2, 't', 'u', 0, '2026-12-01 00:00:00', "Id", 0, 0
            FROM turns WHERE "Role" = 'User';
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
        INSERT INTO turns ("ConversationId", "ActivityId", "Role", "Status", "Text", "TokenCount", "TenantId", "UserId",
                "ContextEpoch", "CreatedAt", "Attempts", "WaitNoticeSent")
            SELECT 'c' || i, 'waiting', 'User', 'Pending', 'question', 2, 't', 'u', 0, '2026-12-01 00:00:00', 0, 0 FROM n;
        """;

    private async Task<string> ExplainAsync(RecordedQuery query)
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }
}
