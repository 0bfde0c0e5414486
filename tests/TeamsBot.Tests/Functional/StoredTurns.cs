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
}
