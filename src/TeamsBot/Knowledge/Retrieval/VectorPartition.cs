namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// The vectors of one partition as one contiguous block of 8-bit codes (row <c>r</c> at <c>r × Dimensions</c>), a
/// scale per row and the passage ids: 100,000 passages of 384 dimensions take about 39 MB. Never changed once built;
/// a changed partition is built again.
/// </summary>
internal sealed class VectorPartition
{
    private readonly long[] _ids;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;

    private VectorPartition(PartitionStamp stamp, int dimensions, long[] ids, sbyte[] codes, float[] scales)
    {
        Stamp = stamp;
        Dimensions = dimensions;
        _ids = ids;
        _codes = codes;
        _scales = scales;
    }

    public PartitionStamp Stamp { get; }

    public int Dimensions { get; }

    public int Count => _ids.Length;

    /// <summary>Memory held, near enough for the cache's budget.</summary>
    public long Bytes => _codes.LongLength + (_ids.LongLength * sizeof(long)) + (_scales.LongLength * sizeof(float)) + 64;

    /// <summary>Builds a partition from (passage id, float32 vector) rows; rows of another length than the first are skipped.</summary>
    public static VectorPartition Build(PartitionStamp stamp, IReadOnlyList<(long Id, float[] Vector)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int dimensions = rows.Count == 0 ? 0 : rows[0].Vector.Length;
        var kept = rows.Where(r => r.Vector.Length == dimensions).ToList();
        var ids = new long[kept.Count];
        var codes = new sbyte[(long)kept.Count * dimensions];
        var scales = new float[kept.Count];
        for (int r = 0; r < kept.Count; r++)
        {
            ids[r] = kept[r].Id;
            scales[r] = Int8Vectors.Quantize(kept[r].Vector, codes.AsSpan(r * dimensions, dimensions));
        }

        return new VectorPartition(stamp, dimensions, ids, codes, scales);
    }

    /// <summary>Offers every row's approximate score (scale × integer dot product) to <paramref name="best"/>.</summary>
    public void Scan(short[] query, TopScores best)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(best);
        if (query.Length != Dimensions || Dimensions == 0)
        {
            return;
        }

        ReadOnlySpan<sbyte> codes = _codes;
        for (int r = 0; r < _ids.Length; r++)
        {
            best.Offer(_ids[r], _scales[r] * Int8Vectors.Dot(codes.Slice(r * Dimensions, Dimensions), query));
        }
    }
}
