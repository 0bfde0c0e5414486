using Microsoft.EntityFrameworkCore.Migrations;

namespace TeamsBot.Knowledge;

/// <summary>
/// The keyword indexes EF Core cannot describe, created by the migrations that call these methods (apart from the
/// generated code, which is regenerated when migrations merge).
/// </summary>
internal static class KnowledgeSearchSql
{
    /// <summary>
    /// SQLite: an FTS5 index over passages' heading and text that stores no copy of the text (external content) and is
    /// kept by triggers, so a passage deleted with its document (cascade) leaves the index in the same transaction.
    /// <c>secure-delete</c> removes a deleted passage's words from the index itself: "forget" leaves no searchable trace.
    /// </summary>
    public static void CreateSqlite(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        const string fts = KnowledgeModel.ChunksFtsTable;
        const string chunks = KnowledgeModel.ChunksTable;
        migrationBuilder.Sql(
            $"CREATE VIRTUAL TABLE {fts} USING fts5(Heading, Text, content='{chunks}', content_rowid='Id', "
            + "tokenize='unicode61 remove_diacritics 2');");
        migrationBuilder.Sql(
            $"CREATE TRIGGER {fts}_insert AFTER INSERT ON {chunks} BEGIN "
            + $"INSERT INTO {fts}(rowid, Heading, Text) VALUES (new.Id, new.Heading, new.Text); END;");
        migrationBuilder.Sql(
            $"CREATE TRIGGER {fts}_delete AFTER DELETE ON {chunks} BEGIN "
            + $"INSERT INTO {fts}({fts}, rowid, Heading, Text) VALUES ('delete', old.Id, old.Heading, old.Text); END;");
        migrationBuilder.Sql(
            $"CREATE TRIGGER {fts}_update AFTER UPDATE OF Heading, Text ON {chunks} BEGIN "
            + $"INSERT INTO {fts}({fts}, rowid, Heading, Text) VALUES ('delete', old.Id, old.Heading, old.Text); "
            + $"INSERT INTO {fts}(rowid, Heading, Text) VALUES (new.Id, new.Heading, new.Text); END;");
        migrationBuilder.Sql($"INSERT INTO {fts}({fts}, rank) VALUES ('secure-delete', 1);");
        migrationBuilder.Sql($"INSERT INTO {fts}({fts}) VALUES ('rebuild');");
    }

    public static void DropSqlite(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        const string fts = KnowledgeModel.ChunksFtsTable;
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {fts}_insert;");
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {fts}_delete;");
        migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {fts}_update;");
        migrationBuilder.Sql($"DROP TABLE IF EXISTS {fts};");
    }

    /// <summary>
    /// PostgreSQL: a GIN index on the passages' text search vector, with the <c>simple</c> configuration (no stemming,
    /// no stop words) since one company's files come in many languages. Retrieval queries the same expression.
    /// </summary>
    public static void CreatePostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            $"CREATE INDEX \"IX_{KnowledgeModel.ChunksTable}_search\" ON {KnowledgeModel.ChunksTable} "
            + $"USING GIN (({PostgresSearchVector}));");
    }

    public static void DropPostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"DROP INDEX IF EXISTS \"IX_{KnowledgeModel.ChunksTable}_search\";");
    }

    /// <summary>The indexed expression; a query must use exactly this for PostgreSQL to use the index.</summary>
    public const string PostgresSearchVector =
        "to_tsvector('simple'::regconfig, coalesce(\"Heading\", '') || ' ' || \"Text\")";
}
