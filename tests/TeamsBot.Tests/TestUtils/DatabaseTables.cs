using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Every table of the bot's database and every value in it, read as text, so a test can prove what is not stored
/// whatever column it hides in. Works on SQLite and PostgreSQL.
/// </summary>
public static class DatabaseTables
{
    /// <summary>The tables the EF model maps.</summary>
    public static IReadOnlySet<string> InModel(BotDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The tables that exist in the database but EF's own, which hold no app data (a migration may create a table
    /// the model does not map).
    /// </summary>
    public static async Task<IReadOnlySet<string>> InDatabaseAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        string sql = db.Database.IsSqlite()
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            : "SELECT table_name::text AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
        var names = await db.Database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken);
        return names.Where(n => !n.StartsWith("__EFMigrations", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every non-null value of every row of <paramref name="table"/>.</summary>
    public static async Task<IReadOnlyList<StoredValue>> ReadAllAsync(BotDbContext db, string table,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var values = new List<StoredValue>();
            while (await reader.ReadAsync(cancellationToken))
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    if (!await reader.IsDBNullAsync(i, cancellationToken))
                    {
                        values.Add(new StoredValue(table, reader.GetName(i), AsText(reader.GetValue(i))));
                    }
                }
            }

            return values;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string AsText(object value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
