using System.Data.Common;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// What a partition's documents are, in three numbers read cheaply from the documents table: how many documents of the
/// model it holds, their largest id and the sum of their ids. A document's passages get their vectors in the same
/// transaction that gives it its embedding model (so it joins the partition with all of them), passages are deleted
/// only with their document, and document ids are never reused (AUTOINCREMENT on SQLite, identity on PostgreSQL), so a
/// document indexed, replaced or deleted always changes the stamp.
/// </summary>
internal readonly record struct PartitionStamp(long Documents, long MaxDocumentId, long DocumentIdSum)
{
    /// <summary>
    /// Reads rows of (collection id or null for the reader's own files, count, max id, id sum), whichever store's SQL
    /// made them; partitions without documents are left out.
    /// </summary>
    public static async Task<IReadOnlyList<(VectorPartitionKey Key, PartitionStamp Stamp)>> ReadAllAsync(
        DbCommand command, KnowledgeQuery query, CancellationToken cancellationToken)
    {
        var stamps = new List<(VectorPartitionKey, PartitionStamp)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stamp = new PartitionStamp(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            if (stamp.Documents > 0)
            {
                stamps.Add((VectorPartitionKey.Of(query, reader.IsDBNull(0) ? null : reader.GetString(0)), stamp));
            }
        }

        return stamps;
    }
}
