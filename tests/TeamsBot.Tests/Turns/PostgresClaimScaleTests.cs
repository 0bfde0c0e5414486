using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TeamsBot.Connector;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// Claiming work reads the few turns that have work left, not the table: every instance claims on every message and
/// every poll, and a company's table holds millions of finished turns. Checked with PostgreSQL's own account of each
/// claim query (EXPLAIN ANALYZE: pages read), on a table of 200,000 finished turns and three waiting ones.
/// </summary>
public sealed partial class PostgresClaimScaleTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    private const int Conversations = 1_000;
    private const int ExchangesEach = 100;

    /// <summary>Far below the pages of the table (several thousand), well above what three waiting turns need.</summary>
    private const int MostPagesRead = 100;

    [Fact]
    public async Task Claim_ManyFinishedTurnsThreeWaiting_ClaimsTheThreeReadingFewPages()
    {
        var queries = new TurnQueryRecorder();
        var database = await server.CreateDatabaseAsync(queries);
        await using (var db = await database.CreateDbContextAsync())
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await ExecuteAsync(connection, FillSql);
            await ExecuteAsync(connection, "ANALYZE turns; ANALYZE conversations;");
        }

        var ledger = new TurnLedger(database, Options.Create(new TurnsOptions()), new ConversationSendPacer(TimeProvider.System), TimeProvider.System);
        queries.Clear();
        var claimed = new List<string>();
        await foreach (string conversationId in ledger.ClaimAsync(8, default))
        {
            claimed.Add(conversationId);
        }

        Assert.Equal(["c1", "c2", "c3"], claimed.Order());
        var reads = queries.Reads;
        Assert.NotEmpty(reads);
        await using var explain = await database.CreateDbContextAsync();
        var explainConnection = (NpgsqlConnection)explain.Database.GetDbConnection();
        await explainConnection.OpenAsync();
        foreach (var read in reads)
        {
            string plan = await ExplainAsync(explainConnection, read);
            Assert.DoesNotContain("Seq Scan on turns", plan, StringComparison.Ordinal);
            Assert.True(PagesRead(plan) < MostPagesRead, $"The claim read {PagesRead(plan)} pages:\n{plan}");
        }
    }

    private static readonly string FillSql = $"""
        INSERT INTO conversations ("Id", "ContextEpoch", "CreatedAt", "ReferenceJson", "Scope", "TenantId", "UpdatedAt")
            SELECT 'c' || g, 0, now(), '{"{}"}', 'Personal', 't', now() FROM generate_series(1, {Conversations}) g;
        INSERT INTO turns ("ConversationId", "ActivityId", "Role", "Status", "Text", "TokenCount", "TenantId", "UserId",
                "ContextEpoch", "CreatedAt", "AnswerDeliveredAt")
            SELECT 'c' || c, 'a' || i, 'User', 'Answered', 'question', 2, 't', 'u' || c, 0, now(), now()
            FROM generate_series(1, {Conversations}) c, generate_series(1, {ExchangesEach}) i;
        INSERT INTO turns ("ConversationId", "Role", "Status", "Text", "TokenCount", "TenantId", "UserId",
                "ContextEpoch", "CreatedAt", "ReplyToId")
            SELECT "ConversationId", 'Assistant', 'Answered', 'answer', 2, 't', "UserId", 0, now(), "Id"
            FROM turns WHERE "Role" = 'User';
        INSERT INTO turns ("ConversationId", "ActivityId", "Role", "Status", "Text", "TokenCount", "TenantId", "UserId",
                "ContextEpoch", "CreatedAt")
            SELECT 'c' || c, 'waiting', 'User', 'Pending', 'question', 2, 't', 'u' || c, 0, now()
            FROM generate_series(1, 3) c;
        """;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, RecordedQuery query)
    {
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + query.Sql, connection);
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    /// <summary>The pages the whole query touched: the first (outermost) Buffers line, hit and read.</summary>
    private static int PagesRead(string plan)
    {
        var buffers = plan.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("Buffers:", StringComparison.Ordinal));
        return buffers is null ? 0 : BufferCount().Matches(buffers).Sum(m => int.Parse(m.Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(?:hit|read)=(\d+)")]
    private static partial Regex BufferCount();
}
