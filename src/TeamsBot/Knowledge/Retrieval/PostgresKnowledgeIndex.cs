using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Hybrid search on PostgreSQL: its full-text search (<c>ts_rank</c> over the indexed <c>simple</c> vector) for words,
/// and an exact scan of the reader's own vectors for meaning (no extension needed), fused by rank. As on SQLite, the
/// reader's access is a condition of every query, so nothing outside it is read or ranked.
/// </summary>
internal sealed class PostgresKnowledgeIndex(IDbContextFactory<BotDbContext> contexts) : IKnowledgeIndex
{
    private const string AccessFilter =
        "d.\"TenantId\" = @tenant AND (d.\"OwnerUserId\" = @user OR d.\"CollectionId\" = ANY(@collections))";

    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);

        // Exact vector search: the reader's vectors only, scored here; a reader holds thousands of passages, not millions.
        var scored = new List<(long Id, float Similarity)>();
        await using (var command = Command(connection, query,
            $"SELECT c.\"Id\", c.\"Embedding\" FROM {KnowledgeModel.ChunksTable} AS c "
            + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.\"Id\" = c.\"DocumentId\" "
            + $"WHERE {AccessFilter} AND d.\"EmbeddingModel\" = @model AND c.\"Embedding\" IS NOT NULL"))
        {
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                scored.Add((reader.GetInt64(0), VectorCodec.Dot((byte[])reader.GetValue(1), query.Vector)));
            }
        }

        var byMeaning = scored.OrderByDescending(s => s.Similarity).ThenBy(s => s.Id)
            .Take(RankFusion.CandidatesPerList).Select(s => s.Id).ToList();
        var terms = RankFusion.Terms(query.Question);
        var byWords = new List<long>();
        if (terms.Count > 0)
        {
            await using var command = Command(connection, query,
                $"SELECT c.\"Id\" FROM {KnowledgeModel.ChunksTable} AS c "
                + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.\"Id\" = c.\"DocumentId\" "
                + $"WHERE {KnowledgeSearchSql.PostgresSearchVector} @@ to_tsquery('simple'::regconfig, @match) AND {AccessFilter} "
                + $"ORDER BY ts_rank({KnowledgeSearchSql.PostgresSearchVector}, to_tsquery('simple'::regconfig, @match)) DESC, "
                + "c.\"Id\" LIMIT @limit");
            // Letters and digits only, each quoted: nothing in the question is tsquery syntax.
            command.Parameters.AddWithValue("match", string.Join(" | ", terms.Select(t => "'" + t + "'")));
            command.Parameters.AddWithValue("limit", RankFusion.CandidatesPerList);
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                byWords.Add(reader.GetInt64(0));
            }
        }

        var fused = RankFusion.Fuse(byMeaning, byWords);
        if (fused.Count == 0)
        {
            return [];
        }

        var similarity = scored.ToDictionary(s => s.Id, s => (double)s.Similarity);
        var candidates = new List<RetrievedPassage>(fused.Count);
        await using (var command = Command(connection, query,
            "SELECT c.\"Id\", c.\"DocumentId\", d.\"Name\", c.\"Heading\", c.\"Page\", c.\"Text\" "
            + $"FROM {KnowledgeModel.ChunksTable} AS c JOIN {KnowledgeModel.DocumentsTable} AS d ON d.\"Id\" = c.\"DocumentId\" "
            + $"WHERE c.\"Id\" = ANY(@ids) AND {AccessFilter}"))
        {
            command.Parameters.AddWithValue("ids", fused.Keys.ToArray());
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                long id = reader.GetInt64(0);
                candidates.Add(new RetrievedPassage(id, reader.GetInt64(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.GetString(5), similarity.GetValueOrDefault(id), fused[id]));
            }
        }

        return RankFusion.Select(candidates, query);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, KnowledgeQuery query, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("tenant", query.Access.TenantId);
        command.Parameters.AddWithValue("user", query.Access.UserId);
        command.Parameters.AddWithValue("collections", query.Access.CollectionIds.ToArray());
        command.Parameters.AddWithValue("model", query.EmbeddingModel);
        return command;
    }
}
