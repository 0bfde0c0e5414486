using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Hybrid search on SQLite: FTS5 (BM25) for words and an exact scan of the reader's vectors for meaning, fused by
/// rank. The reader's access is a condition of each SQL query, joined to the document row, so another person's
/// passage is never read, scored or ranked, however well it matches.
/// </summary>
internal sealed class SqliteKnowledgeIndex(IDbContextFactory<BotDbContext> contexts) : IKnowledgeIndex
{
    /// <summary>The SQL function scoring a stored vector against the question's, registered per search.</summary>
    internal const string DotFunction = "knowledge_dot";

    /// <summary>Readable documents of the question's embedding model; every query joins on it.</summary>
    private const string AccessFilter =
        "d.TenantId = $tenant AND (d.OwnerUserId = $user OR d.CollectionId IN (SELECT value FROM json_each($collections)))";

    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        var vector = query.Vector;
        connection.CreateFunction(DotFunction, (byte[]? stored) => stored is null ? 0d : VectorCodec.Dot(stored, vector));

        var byMeaning = await IdsAsync(connection, query,
            $"SELECT c.Id FROM {KnowledgeModel.ChunksTable} AS c JOIN {KnowledgeModel.DocumentsTable} AS d ON d.Id = c.DocumentId "
            + $"WHERE {AccessFilter} AND d.EmbeddingModel = $model AND c.Embedding IS NOT NULL "
            + $"ORDER BY {DotFunction}(c.Embedding) DESC LIMIT $limit", match: null, cancellationToken);
        var terms = RankFusion.Terms(query.Question);
        IReadOnlyList<long> byWords = [];
        if (terms.Count > 0)
        {
            // Each term quoted: FTS5 reads it as a plain string, never as an operator or column filter.
            string match = string.Join(" OR ", terms.Select(t => "\"" + t + "\""));
            byWords = await IdsAsync(connection, query,
                $"SELECT c.Id FROM {KnowledgeModel.ChunksFtsTable} AS f "
                + $"JOIN {KnowledgeModel.ChunksTable} AS c ON c.Id = f.rowid "
                + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.Id = c.DocumentId "
                + $"WHERE {KnowledgeModel.ChunksFtsTable} MATCH $match AND {AccessFilter} "
                + $"ORDER BY bm25({KnowledgeModel.ChunksFtsTable}) LIMIT $limit", match, cancellationToken);
        }

        var fused = RankFusion.Fuse(byMeaning, byWords);
        if (fused.Count == 0)
        {
            return [];
        }

        // The candidates' text, read under the same access condition again.
        await using var command = Command(connection, query,
            "SELECT c.Id, c.DocumentId, d.Name, c.Heading, c.Page, c.Text, "
            + $"CASE WHEN d.EmbeddingModel = $model THEN {DotFunction}(c.Embedding) ELSE 0 END "
            + $"FROM {KnowledgeModel.ChunksTable} AS c JOIN {KnowledgeModel.DocumentsTable} AS d ON d.Id = c.DocumentId "
            + $"WHERE c.Id IN (SELECT value FROM json_each($ids)) AND {AccessFilter}");
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(fused.Keys));
        var candidates = new List<RetrievedPassage>(fused.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            long id = reader.GetInt64(0);
            candidates.Add(new RetrievedPassage(id, reader.GetInt64(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetString(5), reader.GetDouble(6), fused[id]));
        }

        return RankFusion.Select(candidates, query);
    }

    private static async Task<IReadOnlyList<long>> IdsAsync(SqliteConnection connection, KnowledgeQuery query, string sql,
        string? match, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, query, sql);
        command.Parameters.AddWithValue("$limit", RankFusion.CandidatesPerList);
        if (match is not null)
        {
            command.Parameters.AddWithValue("$match", match);
        }

        var ids = new List<long>(RankFusion.CandidatesPerList);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static SqliteCommand Command(SqliteConnection connection, KnowledgeQuery query, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", query.Access.TenantId);
        command.Parameters.AddWithValue("$user", query.Access.UserId);
        command.Parameters.AddWithValue("$collections", JsonSerializer.Serialize(query.Access.CollectionIds));
        command.Parameters.AddWithValue("$model", query.EmbeddingModel);
        return command;
    }
}
