using Microsoft.EntityFrameworkCore.Migrations;

namespace TeamsBot.Storage.Migrations;

/// <summary>
/// Drops a column with SQLite's own <c>ALTER TABLE … DROP COLUMN</c>, which keeps the table's other columns and
/// indexes. EF Core's SQLite provider instead rebuilds the table from the previous migration's model, and some of those
/// models were made beside the migrations that added this table's columns and indexes: a rebuild from them would lose
/// those, and an earlier migration's step down would then fail on an index that is gone.
/// </summary>
internal static class SqliteColumnDrop
{
    public static void Apply(MigrationBuilder migrationBuilder, string table, string column)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\";");
    }
}
