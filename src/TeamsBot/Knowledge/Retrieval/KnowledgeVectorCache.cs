using Microsoft.Extensions.Options;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Passages' vectors kept in memory per partition (a person's own files, or one collection), so a search does not read
/// every vector blob again. Which partitions are scanned comes from the reader's access, read in SQL first: another
/// person's vectors are never scanned or ranked. A partition is checked against its stamp in the database on every
/// search and built again when any of its documents was saved or deleted (by any instance), so what it ranks is never
/// older than the search. Partitions used least recently are dropped when <see cref="KnowledgeOptions.VectorCacheMegabytes"/>
/// is reached.
/// </summary>
internal sealed class KnowledgeVectorCache(IOptions<KnowledgeOptions> options)
{
    /// <summary>Candidates ranked by the 8-bit codes, for each one finally kept after the exact float32 score.</summary>
    internal const int RerankFactor = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<VectorPartitionKey, (VectorPartition Partition, long LastUsed)> _partitions = [];
    private long _bytes;
    private long _clock;

    /// <summary>Memory the cached partitions hold now, in bytes.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>
    /// The <paramref name="take"/> passages closest to the vector among those the reader may read, best first, with
    /// their exact similarity.
    /// </summary>
    public async Task<IReadOnlyList<(long Id, float Similarity)>> NearestAsync(IVectorPartitionReader reader, float[] vector,
        int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(vector);
        var codes = new sbyte[vector.Length];
        Int8Vectors.Quantize(vector, codes);
        short[] query = Int8Vectors.Widen(codes);
        var best = new TopScores(take * RerankFactor);
        foreach (var (key, stamp) in await reader.ReadStampsAsync(cancellationToken))
        {
            var partition = Find(key, stamp);
            if (partition is null)
            {
                partition = await reader.LoadAsync(key, cancellationToken);
                Keep(key, partition);
            }

            partition.Scan(query, best);
        }

        var candidates = best.Ids;
        if (candidates.Count == 0)
        {
            return [];
        }

        return (await reader.ExactAsync(candidates, cancellationToken))
            .OrderByDescending(c => c.Similarity).ThenBy(c => c.Id).Take(take).ToList();
    }

    private VectorPartition? Find(VectorPartitionKey key, PartitionStamp stamp)
    {
        lock (_gate)
        {
            if (!_partitions.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (entry.Partition.Stamp != stamp)
            {
                // Out of date: dropped now, so vectors of a deleted document do not outlive the next search.
                _partitions.Remove(key);
                _bytes -= entry.Partition.Bytes;
                return null;
            }

            _partitions[key] = (entry.Partition, ++_clock);
            return entry.Partition;
        }
    }

    private void Keep(VectorPartitionKey key, VectorPartition partition)
    {
        long budget = (long)options.Value.VectorCacheMegabytes * 1024 * 1024;
        lock (_gate)
        {
            if (_partitions.Remove(key, out var previous))
            {
                _bytes -= previous.Partition.Bytes;
            }

            if (partition.Bytes > budget)
            {
                return;
            }

            while (_bytes + partition.Bytes > budget && _partitions.Count > 0)
            {
                var oldest = _partitions.MinBy(p => p.Value.LastUsed);
                _partitions.Remove(oldest.Key);
                _bytes -= oldest.Value.Partition.Bytes;
            }

            _partitions[key] = (partition, ++_clock);
            _bytes += partition.Bytes;
        }
    }
}
