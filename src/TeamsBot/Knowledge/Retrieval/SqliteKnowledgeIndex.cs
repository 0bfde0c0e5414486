using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Hybrid search on SQLite: FTS5 (BM25) for words and a scan of the reader's vectors for meaning (held in memory by
/// <see cref="KnowledgeVectorCache"/>, re-scored exactly), fused by rank. The reader's access is a condition of each
/// SQL query, joined to the document row, and chooses the vector partitions scanned, so another person's passage is
/// never read, scored or ranked, however well it matches.
/// </summary>
internal sealed class SqliteKnowledgeIndex(IDbContextFactory<BotDbContext> contexts, KnowledgeVectorCache vectors)
    : IKnowledgeIndex
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
        // Opened through the context, so that it opens in turn (SqlitePoolGate) and the context closes it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var vector = query.Vector;
        connection.CreateFunction(DotFunction, (byte[]? stored) => stored is null ? 0d : VectorCodec.Dot(stored, vector));

        var nearest = await vectors.NearestAsync(new PartitionReader(connection, query), vector,
            RankFusion.CandidatesPerList, cancellationToken);
        var byMeaning = nearest.Select(n => n.Id).ToList();
        var terms = await KeywordTermsAsync(connection, query, cancellationToken);
        IReadOnlyList<long> byWords = [];
        if (terms.Count > 0)
        {
            // Each term quoted: FTS5 reads it as a plain string, never as an operator or column filter.
            string match = string.Join(" OR ", terms.Select(Quote));
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

        // The candidates' text, read under the same access condition again; a vector of another model is compared with
        // nothing (null, then NaN: found by words only).
        await using var command = Command(connection, query,
            "SELECT c.Id, c.DocumentId, d.Name, c.Heading, c.Page, c.Text, "
            + $"CASE WHEN d.EmbeddingModel = $model THEN {DotFunction}(c.Embedding) END "
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
                reader.GetString(5), reader.IsDBNull(6) ? double.NaN : reader.GetDouble(6), fused[id]));
        }

        return RankFusion.Select(candidates, query);
    }

    /// <summary>
    /// The question's terms to search by words (<see cref="KeywordTerms"/>), from each term's count of passages the
    /// reader may read, each count stopped at <see cref="KeywordTerms.CountCap"/>.
    /// </summary>
    internal static Task<IReadOnlyList<string>> KeywordTermsAsync(SqliteConnection connection, KnowledgeQuery query,
        CancellationToken cancellationToken) =>
        KeywordTerms.ChooseAsync(connection, query, CountPassagesAsync, cancellationToken);

    private static async Task<IReadOnlyList<(string Term, long Passages)>> CountPassagesAsync(
        SqliteConnection connection, KnowledgeQuery query, IReadOnlyList<string> terms,
        CancellationToken cancellationToken)
    {
        var counted = new List<(string Term, long Passages)>(terms.Count);
        await using var command = Command(connection, query,
            $"SELECT count(*) FROM (SELECT 1 FROM {KnowledgeModel.ChunksFtsTable} AS f "
            + $"JOIN {KnowledgeModel.ChunksTable} AS c ON c.Id = f.rowid "
            + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.Id = c.DocumentId "
            + $"WHERE {KnowledgeModel.ChunksFtsTable} MATCH $term AND {AccessFilter} LIMIT $cap)");
        command.Parameters.AddWithValue("$cap", KeywordTerms.CountCap);
        var parameter = command.Parameters.Add("$term", SqliteType.Text);
        foreach (string term in terms)
        {
            parameter.Value = Quote(term);
            counted.Add((term, (long)(await command.ExecuteScalarAsync(cancellationToken))!));
        }

        return counted;
    }

    private static string Quote(string term) => "\"" + term + "\"";

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

    /// <summary>The reader's partitions: their own files, then each collection they may read.</summary>
    private sealed class PartitionReader(SqliteConnection connection, KnowledgeQuery query) : IVectorPartitionReader
    {
        private const string Stamp = "count(*), coalesce(max(d.Id), 0), coalesce(sum(d.Id), 0)";

        public async Task<IReadOnlyList<(VectorPartitionKey Key, PartitionStamp Stamp)>> ReadStampsAsync(
            CancellationToken cancellationToken)
        {
            await using var command = Command(connection, query,
                $"SELECT NULL, {Stamp} FROM {KnowledgeModel.DocumentsTable} AS d "
                + "WHERE d.TenantId = $tenant AND d.OwnerUserId = $user AND d.EmbeddingModel = $model "
                + $"UNION ALL SELECT d.CollectionId, {Stamp} FROM {KnowledgeModel.DocumentsTable} AS d "
                + "WHERE d.TenantId = $tenant AND d.CollectionId IN (SELECT value FROM json_each($collections)) "
                + "AND d.EmbeddingModel = $model GROUP BY d.CollectionId");
            return await PartitionStamp.ReadAllAsync(command, query, cancellationToken);
        }

        public async Task<VectorPartition> LoadAsync(VectorPartitionKey key, CancellationToken cancellationToken)
        {
            string partition = key.CollectionId is null ? "d.OwnerUserId = $user" : "d.CollectionId = $collection";
            // One deferred (read) transaction: the stamp and the rows come from the same snapshot.
            using var transaction = connection.BeginTransaction(deferred: true);
            await using var command = Command(connection, query,
                $"SELECT {Stamp} FROM {KnowledgeModel.DocumentsTable} AS d "
                + $"WHERE d.TenantId = $tenant AND {partition} AND d.EmbeddingModel = $model");
            command.Transaction = transaction;
            if (key.CollectionId is not null)
            {
                command.Parameters.AddWithValue("$collection", key.CollectionId);
            }

            PartitionStamp stamp;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                stamp = new PartitionStamp(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            command.CommandText =
                $"SELECT c.Id, c.Embedding FROM {KnowledgeModel.ChunksTable} AS c "
                + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.Id = c.DocumentId "
                + $"WHERE d.TenantId = $tenant AND {partition} AND d.EmbeddingModel = $model AND c.Embedding IS NOT NULL";
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
                $"SELECT c.Id, {DotFunction}(c.Embedding) FROM {KnowledgeModel.ChunksTable} AS c "
                + $"JOIN {KnowledgeModel.DocumentsTable} AS d ON d.Id = c.DocumentId "
                + $"WHERE c.Id IN (SELECT value FROM json_each($ids)) AND {AccessFilter} AND d.EmbeddingModel = $model");
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
            var scored = new List<(long, float)>(ids.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                scored.Add((reader.GetInt64(0), (float)reader.GetDouble(1)));
            }

            return scored;
        }

    }
}
