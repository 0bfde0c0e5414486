using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Hybrid search on PostgreSQL: its full-text search (<c>ts_rank</c> over the indexed <c>simple</c> vector) for words,
/// and a scan of the reader's own vectors for meaning (no extension needed), fused by rank. The vectors are held in
/// memory per partition by <see cref="KnowledgeVectorCache"/>, each checked against its stamp in the database on every
/// search, so an instance never ranks what another instance has since deleted. As on SQLite, the reader's access is a
/// condition of every query and chooses the partitions scanned, so nothing outside it is read or ranked.
/// </summary>
internal sealed class PostgresKnowledgeIndex(IDbContextFactory<BotDbContext> contexts, KnowledgeVectorCache vectors)
    : IKnowledgeIndex
{
    private const string AccessFilter =
        "d.\"TenantId\" = @tenant AND (d.\"OwnerUserId\" = @user OR d.\"CollectionId\" = ANY(@collections))";

    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);

        var nearest = await vectors.NearestAsync(new PartitionReader(connection, query), query.Vector,
            RankFusion.CandidatesPerList, cancellationToken);
        var byMeaning = nearest.Select(n => n.Id).ToList();
        var terms = await KeywordTermsAsync(connection, query, cancellationToken);
        var byWords = new List<long>();
        if (terms.Count > 0)
        {
            await using var command = Command(connection, query,
                $"SELECT c.\"Id\" FROM {KnowledgeModel.ChunksTable} AS c "
                + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.\"Id\" = c.\"DocumentId\" "
                + $"WHERE {KnowledgeSearchSql.PostgresSearchVector} @@ to_tsquery('simple'::regconfig, @match) AND {AccessFilter} "
                + $"ORDER BY ts_rank({KnowledgeSearchSql.PostgresSearchVector}, to_tsquery('simple'::regconfig, @match)) DESC, "
                + "c.\"Id\" LIMIT @limit");
            command.Parameters.AddWithValue("match", string.Join(" | ", terms.Select(TsQueryTerm)));
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

        var candidates = new List<RetrievedPassage>(fused.Count);
        await using (var command = Command(connection, query,
            "SELECT c.\"Id\", c.\"DocumentId\", d.\"Name\", c.\"Heading\", c.\"Page\", c.\"Text\", "
            + "CASE WHEN d.\"EmbeddingModel\" = @model THEN c.\"Embedding\" END, d.\"EmbeddingModel\" = @model "
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
                    reader.GetString(5), Similarity(reader, query.Vector),
                    fused[id]));
            }
        }

        return RankFusion.Select(candidates, query);
    }

    /// <summary>
    /// The question's terms to search by words (<see cref="KeywordTerms"/>), from each term's count of passages the
    /// reader may read, all counted in one round trip and each count stopped at <see cref="KeywordTerms.CountCap"/>.
    /// </summary>
    internal static Task<IReadOnlyList<string>> KeywordTermsAsync(NpgsqlConnection connection, KnowledgeQuery query,
        CancellationToken cancellationToken) =>
        KeywordTerms.ChooseAsync(connection, query, CountPassagesAsync, cancellationToken);

    private static async Task<IReadOnlyList<(string Term, long Passages)>> CountPassagesAsync(
        NpgsqlConnection connection, KnowledgeQuery query, IReadOnlyList<string> terms,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, query,
            "SELECT t.term, (SELECT count(*) FROM (SELECT 1 FROM "
            + $"{KnowledgeModel.ChunksTable} AS c JOIN {KnowledgeModel.DocumentsTable} AS d ON d.\"Id\" = c.\"DocumentId\" "
            + $"WHERE {KnowledgeSearchSql.PostgresSearchVector} @@ to_tsquery('simple'::regconfig, t.query) AND {AccessFilter} "
            + "LIMIT @cap) AS matched) FROM unnest(@terms, @queries) WITH ORDINALITY AS t(term, query, position) "
            + "ORDER BY t.position");
        command.Parameters.AddWithValue("terms", terms.ToArray());
        command.Parameters.AddWithValue("queries", terms.Select(TsQueryTerm).ToArray());
        command.Parameters.AddWithValue("cap", KeywordTerms.CountCap);
        var counted = new List<(string Term, long Passages)>(terms.Count);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counted.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return counted;
    }

    /// <summary>Letters and digits only (<see cref="RankFusion.Terms"/>), quoted: nothing in the question is tsquery syntax.</summary>
    private static string TsQueryTerm(string term) => "'" + term + "'";

    /// <summary>The cosine of a candidate's stored vector; NaN when it is of another model (compared with nothing).</summary>
    private static double Similarity(DbDataReader reader, float[] question) =>
        reader.IsDBNull(7) || !reader.GetBoolean(7) ? double.NaN
        : reader.IsDBNull(6) ? 0d
        : VectorCodec.Dot((byte[])reader.GetValue(6), question);

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

    /// <summary>The reader's partitions: their own files, then each collection they may read.</summary>
    private sealed class PartitionReader(NpgsqlConnection connection, KnowledgeQuery query) : IVectorPartitionReader
    {
        private const string Stamp = "count(*), coalesce(max(d.\"Id\"), 0), coalesce(sum(d.\"Id\"), 0)::bigint";

        public async Task<IReadOnlyList<(VectorPartitionKey Key, PartitionStamp Stamp)>> ReadStampsAsync(
            CancellationToken cancellationToken)
        {
            await using var command = Command(connection, query,
                $"SELECT NULL, {Stamp} FROM {KnowledgeModel.DocumentsTable} AS d "
                + "WHERE d.\"TenantId\" = @tenant AND d.\"OwnerUserId\" = @user AND d.\"EmbeddingModel\" = @model "
                + $"UNION ALL SELECT d.\"CollectionId\", {Stamp} FROM {KnowledgeModel.DocumentsTable} AS d "
                + "WHERE d.\"TenantId\" = @tenant AND d.\"CollectionId\" = ANY(@collections) "
                + "AND d.\"EmbeddingModel\" = @model GROUP BY d.\"CollectionId\"");
            return await PartitionStamp.ReadAllAsync(command, query, cancellationToken);
        }

        public async Task<VectorPartition> LoadAsync(VectorPartitionKey key, CancellationToken cancellationToken)
        {
            string partition = key.CollectionId is null ? "d.\"OwnerUserId\" = @user" : "d.\"CollectionId\" = @collection";
            // One snapshot for the stamp and the rows.
            await using var transaction = await connection.BeginTransactionAsync(
                System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await using var command = Command(connection, query,
                $"SELECT {Stamp} FROM {KnowledgeModel.DocumentsTable} AS d "
                + $"WHERE d.\"TenantId\" = @tenant AND {partition} AND d.\"EmbeddingModel\" = @model");
            command.Transaction = transaction;
            if (key.CollectionId is not null)
            {
                command.Parameters.AddWithValue("collection", key.CollectionId);
            }

            PartitionStamp stamp;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                stamp = new PartitionStamp(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            command.CommandText =
                $"SELECT c.\"Id\", c.\"Embedding\" FROM {KnowledgeModel.ChunksTable} AS c "
                + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.\"Id\" = c.\"DocumentId\" "
                + $"WHERE d.\"TenantId\" = @tenant AND {partition} AND d.\"EmbeddingModel\" = @model "
                + "AND c.\"Embedding\" IS NOT NULL";
            var rows = new List<(long, float[])>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetInt64(0), VectorCodec.FromBytes((byte[])reader.GetValue(1))));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return VectorPartition.Build(stamp, rows);
        }

        public async Task<IReadOnlyList<(long Id, float Similarity)>> ExactAsync(IReadOnlyList<long> ids,
            CancellationToken cancellationToken)
        {
            await using var command = Command(connection, query,
                $"SELECT c.\"Id\", c.\"Embedding\" FROM {KnowledgeModel.ChunksTable} AS c "
                + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.\"Id\" = c.\"DocumentId\" "
                + $"WHERE c.\"Id\" = ANY(@ids) AND {AccessFilter} AND d.\"EmbeddingModel\" = @model "
                + "AND c.\"Embedding\" IS NOT NULL");
            command.Parameters.AddWithValue("ids", ids.ToArray());
            var scored = new List<(long, float)>(ids.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                scored.Add((reader.GetInt64(0), VectorCodec.Dot((byte[])reader.GetValue(1), query.Vector)));
            }

            return scored;
        }

    }
}
