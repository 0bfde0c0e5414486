using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Policy;
using TeamsBot.Reports;

namespace TeamsBot.Benchmarks;

/// <summary>
/// A 30-day usage report over 10,000 users' activity (600,000 audit records, 20,000 reactions) on SQLite, by tenant
/// and by department. Each run takes a second or more, so BenchmarkDotNet's monitoring strategy times single runs, in
/// process: seeding takes a while, and a generated project would rebuild the app (over BenchmarkDotNet's 2-minute
/// build limit on a busy machine).
/// </summary>
[Config(typeof(SingleRuns))]
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private static readonly ReportRequest Month = new(ReportActivity.Start,
        ReportActivity.Start.AddDays(ReportActivity.Days).AddTicks(-10), ReportDimension.Tenant);

    private ReportActivity _activity = null!;
    private UsageReportBuilder _builder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _activity = new ReportActivity();
        _activity.Seed();
        var policy = new EffectivePolicy("tenant-a", true, new HashSet<ConversationScope>(), [], new HashSet<string>(), 0,
            0, 0, new DlpOptions(), "v1");
        _builder = new UsageReportBuilder(new ActivityQuery(_activity),
            new DirectoryLookup(new DepartmentDirectory(), NullLogger<DirectoryLookup>.Instance), new FixedPolicies(policy),
            new FixedReportOptions(new ReportOptions { PricePer1KInputTokens = 0.0025m, PricePer1KOutputTokens = 0.01m }));
        var check = ByDepartment();
        if (check.Total.Messages != _activity.Records || check.Rows.Any(r => r.ActiveUsers < 5))
        {
            throw new InvalidOperationException("The report must count every seeded record and fold small departments.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _activity.Dispose();

    [Benchmark(Baseline = true)]
    public UsageReport ByTenant() => _builder.BuildAsync(Month, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public UsageReport ByDepartment() =>
        _builder.BuildAsync(Month with { Dimension = ReportDimension.Department }, CancellationToken.None).GetAwaiter().GetResult();

    private sealed class SingleRuns : ManualConfig
    {
        public SingleRuns() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1)
            .WithWarmupCount(1).WithIterationCount(5)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true)));
    }

    private sealed class FixedPolicies(EffectivePolicy policy) : IPolicyProvider
    {
        public EffectivePolicy For(string tenantId) => policy;
    }

    private sealed class FixedReportOptions(ReportOptions value) : Microsoft.Extensions.Options.IOptionsMonitor<ReportOptions>
    {
        public ReportOptions CurrentValue => value;

        public ReportOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ReportOptions, string?> listener) => null;
    }
}
