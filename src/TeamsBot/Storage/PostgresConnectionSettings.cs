using System.Data.Common;
using Npgsql;

namespace TeamsBot.Storage;

/// <summary>
/// What every PostgreSQL connection of the app is opened with unless the admin's connection string says otherwise:
/// the statements a message runs are prepared once per connection and kept, and a connection going back to the pool
/// is not reset. Parsing and planning each statement again, and resetting the session twenty times a message, cost
/// the server about a fifth of its CPU in the load benchmark (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Skipping the reset is safe because the app keeps no state in a session: its advisory locks are transaction locks,
/// and it sets no parameters, roles or temporary tables. Behind a pooler that cannot keep prepared statements
/// (PgBouncer in transaction mode before 1.21), the admin sets <c>Max Auto Prepare=0</c>.
/// </remarks>
internal static class PostgresConnectionSettings
{
    /// <summary>
    /// Statements kept prepared per connection: a message runs about thirty different ones, the background jobs a
    /// few more. The least used is replaced when it is full.
    /// </summary>
    internal const int MaxAutoPrepare = 64;

    public static string Apply(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's builder knows every keyword whether given or not: ask the text the admin wrote.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains(nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare)))
        {
            settings.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!given.Contains(nameof(NpgsqlConnectionStringBuilder.NoResetOnClose)))
        {
            settings.NoResetOnClose = true;
        }

        return settings.ConnectionString;
    }
}
