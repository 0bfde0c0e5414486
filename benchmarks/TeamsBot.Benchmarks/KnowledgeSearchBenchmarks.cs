using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Retrieval;

namespace TeamsBot.Benchmarks;

/// <summary>
/// One hybrid search (FTS5 + exact vector scan, fused) by a reader who keeps 100,000 passages, on SQLite, with another
/// person's 20,000 passages beside them. The question's vector is given: embedding it is the embedder's cost, not the
/// index's. Single timed runs in process (seeding takes a while).
/// </summary>
[Config(typeof(TimedSearches))]
[MemoryDiagnoser]
public class KnowledgeSearchBenchmarks
{
    private KnowledgeCorpus _corpus = null!;
    private SqliteKnowledgeIndex _index = null!;
    private KnowledgeQuery[] _queries = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = new KnowledgeCorpus();
        _corpus.Seed(readerChunks: 100_000, otherChunks: 20_000);
        _index = new SqliteKnowledgeIndex(_corpus,
            new KnowledgeVectorCache(Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions())));
        var access = ReaderAccess.OwnFiles(KnowledgeCorpus.Tenant, KnowledgeCorpus.Reader);
        _queries = Enumerable.Range(0, 64).Select(_ => new KnowledgeQuery(access, _corpus.Question(), _corpus.Vector(),
            KnowledgeCorpus.Model, 5, 0.0)).ToArray();
        if (Search().GetAwaiter().GetResult().Count == 0)
        {
            throw new InvalidOperationException("The search found nothing: the benchmark would measure an empty path.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _corpus.Dispose();

    [Benchmark]
    public Task<IReadOnlyList<RetrievedPassage>> Search() =>
        _index.SearchAsync(_queries[_next++ % _queries.Length], CancellationToken.None);

    private sealed class TimedSearches : ManualConfig
    {
        public TimedSearches()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(3)
                .WithIterationCount(40)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true)));
            AddColumn(StatisticColumn.P95, StatisticColumn.Max);
        }
    }
}
