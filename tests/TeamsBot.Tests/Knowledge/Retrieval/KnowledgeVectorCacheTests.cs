using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Knowledge.Retrieval;

/// <summary>
/// The in-memory vectors: 8-bit codes ranked, the best re-scored exactly, checked against the database's stamp on every
/// search. The store is an in-memory reader here (the SQL of each store is tested in the index tests).
/// </summary>
public sealed class KnowledgeVectorCacheTests(ITestOutputHelper output)
{
    private const int Dimensions = 384;
    private static readonly VectorPartitionKey Megan = new("tenant-1", "megan", null, "model");

    [Fact]
    public async Task NearestAsync_RandomUnitVectors_SameTopThirtyAsAnExactScanNearlyAlways()
    {
        var random = new Random(42);
        var store = new MemoryStore();
        store.Add(Megan, Enumerable.Range(1, 20_000).Select(id => ((long)id, RandomUnit(random))));
        var cache = NewCache();
        int found = 0;
        const int Questions = 50;
        const int Take = 30;
        for (int q = 0; q < Questions; q++)
        {
            float[] question = RandomUnit(random);
            var exact = store.All(Megan).OrderByDescending(r => VectorCodec.Dot(r.Vector, question)).Take(Take)
                .Select(r => r.Id).ToHashSet();

            var nearest = await cache.NearestAsync(store.For([Megan], question), question, Take, default);

            found += nearest.Count(n => exact.Contains(n.Id));
        }

        // Random vectors are the hard case: their similarities all sit near 0, a few thousandths apart.
        double recall = found / (double)(Questions * Take);
        output.WriteLine($"recall of the exact top {Take} among 20,000 random vectors: {recall:F4}");
        Assert.True(recall >= 0.98, $"recall {recall:F4}");
    }

    [Fact]
    public async Task NearestAsync_PartitionNotReadable_NeverScanned()
    {
        var adele = Megan with { OwnerUserId = "adele" };
        var store = new MemoryStore();
        float[] secret = RandomUnit(new Random(1));
        store.Add(Megan, [(1, secret)]);
        store.Add(adele, [(2, RandomUnit(new Random(2)))]);
        var cache = NewCache();
        await cache.NearestAsync(store.For([Megan], secret), secret, 5, default);

        var nearest = await cache.NearestAsync(store.For([adele], secret), secret, 5, default);

        Assert.Equal([2L], nearest.Select(n => n.Id));
    }

    [Fact]
    public async Task NearestAsync_StampChanged_PartitionReadAgain()
    {
        var store = new MemoryStore();
        store.Add(Megan, [(1, RandomUnit(new Random(1)))]);
        var cache = NewCache();
        float[] question = RandomUnit(new Random(3));
        await cache.NearestAsync(store.For([Megan], question), question, 5, default);
        await cache.NearestAsync(store.For([Megan], question), question, 5, default);
        Assert.Equal(1, store.Loads);

        store.Add(Megan, [(7, question)]);
        var nearest = await cache.NearestAsync(store.For([Megan], question), question, 5, default);

        Assert.Equal(2, store.Loads);
        Assert.Equal(7, nearest[0].Id);
    }

    [Fact]
    public async Task NearestAsync_OverTheMemoryBudget_LeastRecentlyUsedDropped()
    {
        var store = new MemoryStore();
        var random = new Random(5);
        var keys = Enumerable.Range(0, 4).Select(i => Megan with { OwnerUserId = "user-" + i }).ToList();
        foreach (var key in keys)
        {
            // About 0.4 MiB each as 8-bit codes: two fit in 1 MiB, three do not.
            store.Add(key, Enumerable.Range(0, 1_000).Select(i => ((long)random.Next(), RandomUnit(random))));
        }

        var cache = NewCache(megabytes: 1);
        float[] question = RandomUnit(random);
        foreach (var key in keys)
        {
            await cache.NearestAsync(store.For([key], question), question, 5, default);
        }

        Assert.InRange(cache.Bytes, 1, 1024 * 1024);
        await cache.NearestAsync(store.For([keys[3]], question), question, 5, default);
        Assert.Equal(4, store.Loads);
        await cache.NearestAsync(store.For([keys[0]], question), question, 5, default);
        Assert.Equal(5, store.Loads);
    }

    [Fact]
    public void Int8VectorsDot_AgreesWithFloatDotWithinQuantisationError()
    {
        var random = new Random(9);
        float[] left = RandomUnit(random);
        float[] right = RandomUnit(random);
        var leftCodes = new sbyte[Dimensions];
        var rightCodes = new sbyte[Dimensions];
        float leftScale = Int8Vectors.Quantize(left, leftCodes);
        float rightScale = Int8Vectors.Quantize(right, rightCodes);

        float approximate = leftScale * rightScale * Int8Vectors.Dot(leftCodes, Int8Vectors.Widen(rightCodes));

        Assert.InRange(approximate - VectorCodec.Dot(left, right), -0.01f, 0.01f);
    }

    private static KnowledgeVectorCache NewCache(int megabytes = 256) =>
        new(Options.Create(new KnowledgeOptions { VectorCacheMegabytes = megabytes }));

    private static float[] RandomUnit(Random random)
    {
        var vector = new float[Dimensions];
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
        }

        return VectorCodec.Normalise(vector);
    }

    /// <summary>Partitions of (id, vector) rows; each added batch is a new document, as the stamp counts them.</summary>
    private sealed class MemoryStore
    {
        private readonly Dictionary<VectorPartitionKey, (List<(long Id, float[] Vector)> Rows, int Documents)> _partitions = [];

        public int Loads { get; private set; }

        public void Add(VectorPartitionKey key, IEnumerable<(long Id, float[] Vector)> rows)
        {
            var partition = _partitions.GetValueOrDefault(key, ([], 0));
            partition.Rows.AddRange(rows);
            _partitions[key] = (partition.Rows, partition.Documents + 1);
        }

        public IReadOnlyList<(long Id, float[] Vector)> All(VectorPartitionKey key) => _partitions[key].Rows;

        public IVectorPartitionReader For(IReadOnlyList<VectorPartitionKey> readable, float[] question) =>
            new Reader(this, readable, question);

        private PartitionStamp Stamp(VectorPartitionKey key) => new(_partitions[key].Documents, _partitions[key].Documents, 0);

        private sealed class Reader(MemoryStore store, IReadOnlyList<VectorPartitionKey> readable, float[] question)
            : IVectorPartitionReader
        {
            public Task<IReadOnlyList<(VectorPartitionKey Key, PartitionStamp Stamp)>> ReadStampsAsync(
                CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<(VectorPartitionKey, PartitionStamp)>>(
                    readable.Select(k => (k, store.Stamp(k))).ToList());

            public Task<VectorPartition> LoadAsync(VectorPartitionKey key, CancellationToken cancellationToken)
            {
                Assert.Contains(key, readable);
                store.Loads++;
                return Task.FromResult(VectorPartition.Build(store.Stamp(key), store.All(key)));
            }

            public Task<IReadOnlyList<(long Id, float Similarity)>> ExactAsync(IReadOnlyList<long> ids,
                CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<(long, float)>>(readable.SelectMany(store.All)
                    .Where(r => ids.Contains(r.Id)).Select(r => (r.Id, VectorCodec.Dot(r.Vector, question))).ToList());
        }
    }
}
