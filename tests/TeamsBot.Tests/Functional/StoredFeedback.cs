using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Tests.Functional;

/// <summary>Reads and prepares feedback in the app's SQLite file while the app runs.</summary>
internal static class StoredFeedback
{
    /// <summary>Feedback rows on the conversation's turns, as (turn id, user id, reaction, comment).</summary>
    public static async Task<IReadOnlyList<(long TurnId, string UserId, string Reaction, string? Comment)>> ReadAsync(
        string databasePath, string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(databasePath, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT f.TurnId, f.UserId, f.Reaction, f.Comment FROM feedback f JOIN turns t ON t.Id = f.TurnId
            WHERE t.ConversationId = $id ORDER BY f.Id
            """;
        command.Parameters.AddWithValue("$id", conversationId);
        var rows = new List<(long, string, string, string?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>Ids of the conversation's user turns, oldest first.</summary>
    public static async Task<IReadOnlyList<long>> UserTurnsAsync(
        string databasePath, string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(databasePath, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM turns WHERE ConversationId = $id AND Role = 'User' ORDER BY Id";
        command.Parameters.AddWithValue("$id", conversationId);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Waits until the conversation has at least <paramref name="count"/> answered user turns.</summary>
    public static async Task WaitForAnsweredTurnsAsync(string databasePath, string conversationId, int count,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var connection = await OpenAsync(databasePath, cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText =
                    "SELECT COUNT(*) FROM turns WHERE ConversationId = $id AND Role = 'User' AND Status = 'Answered'";
                command.Parameters.AddWithValue("$id", conversationId);
                long answered = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                if (answered >= count)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fewer than {count} answered turns in {conversationId} after {timeout}.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the sent message <paramref name="messageId"/> is recorded as part of an answer: the answer is stored
    /// and sent first, its message ids just after, so feedback on it can briefly find nothing.
    /// </summary>
    public static async Task WaitForAnswerMessageAsync(string databasePath, string conversationId, string messageId,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var connection = await OpenAsync(databasePath, cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText =
                    "SELECT COUNT(*) FROM answer_messages WHERE ConversationId = $id AND MessageId = $message";
                command.Parameters.AddWithValue("$id", conversationId);
                command.Parameters.AddWithValue("$message", messageId);
                if ((long)(await command.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Message {messageId} of {conversationId} not recorded after {timeout}.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string databasePath, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private sealed class FileContexts(string databasePath) : IDbContextFactory<BotDbContext>
    {
        private readonly DbContextOptions<SqliteBotDbContext> _options = new DbContextOptionsBuilder<SqliteBotDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString())
            .Options;

        public BotDbContext CreateDbContext() => new SqliteBotDbContext(_options);
    }
}
