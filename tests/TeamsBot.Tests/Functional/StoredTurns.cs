using Microsoft.Data.Sqlite;

namespace TeamsBot.Tests.Functional;

/// <summary>Reads the app's SQLite file directly (read-only, unpooled) to prove what was and was not stored.</summary>
internal static class StoredTurns
{
    public static async Task<long> CountForConversationAsync(
        string databasePath,
        string conversationId,
        CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM turns WHERE ConversationId = $id)
                 + (SELECT COUNT(*) FROM conversations WHERE Id = $id)
            """;
        command.Parameters.AddWithValue("$id", conversationId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Waits until the latest user message of the conversation leaves Pending (Answered and delivered, Refused or
    /// Failed) and returns that status: after it the app sends nothing more for the message. An answer is stored before
    /// it is sent, so Answered counts only once the answer is marked delivered.
    /// </summary>
    public static async Task<string> WaitForUserTurnOutcomeAsync(
        string databasePath,
        string conversationId,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string? status = null;
        try
        {
            while (true)
            {
                await using (var connection = new SqliteConnection(builder.ToString()))
                {
                    await connection.OpenAsync(deadline.Token);
                    await using var command = connection.CreateCommand();
                    command.CommandText = """
                        SELECT CASE WHEN Status = 'Answered' AND AnswerDeliveredAt IS NULL THEN 'Pending' ELSE Status END
                        FROM turns WHERE ConversationId = $id AND Role = 'User' ORDER BY Id DESC LIMIT 1
                        """;
                    command.Parameters.AddWithValue("$id", conversationId);
                    status = (string?)await command.ExecuteScalarAsync(deadline.Token);
                }

                if (status is not null and not "Pending")
                {
                    return status;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The message in {conversationId} was still {status ?? "not stored"} after {timeout}.");
        }
    }
}
