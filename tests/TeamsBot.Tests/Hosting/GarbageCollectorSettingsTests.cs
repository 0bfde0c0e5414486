using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Hosting;

/// <summary>The collector and the JIT's tiers the app runs with are set at build time, in its runtimeconfig.json.</summary>
public sealed class GarbageCollectorSettingsTests
{
    [Fact]
    public void RuntimeConfig_AppAsBuilt_WorkstationCollectorInBackground()
    {
        var properties = RepositoryPaths.AppRuntimeSettings();

        // Server GC (the web SDK's default) took a 1,000-conversation burst to about 550 MiB; one heap stays lower.
        Assert.False((bool?)properties?["System.GC.Server"] ?? true, "System.GC.Server must be false");
        Assert.True((bool?)properties?["System.GC.Concurrent"] ?? false, "System.GC.Concurrent must be true");
    }

    [Fact]
    public void RuntimeConfig_AppAsBuilt_TieredPgoOff()
    {
        var properties = RepositoryPaths.AppRuntimeSettings();

        // On by default since .NET 8: instrumented copies of hot methods added about 20 MiB of code to the burst's peak.
        Assert.False((bool?)properties?["System.Runtime.TieredPGO"] ?? true, "System.Runtime.TieredPGO must be false");
    }

    [Fact]
    public void RuntimeConfig_AppAsBuilt_QuickJitOff()
    {
        var properties = RepositoryPaths.AppRuntimeSettings();

        // On by default: a quick unoptimised copy of every method the app compiles, and an optimised one of each hot
        // method, both kept; off, the burst's peak was about 10 MiB lower (docs/benchmarks.md, "Peak memory").
        Assert.False((bool?)properties?["System.Runtime.TieredCompilation.QuickJit"] ?? true,
            "System.Runtime.TieredCompilation.QuickJit must be false");
    }

    [Fact]
    public void RuntimeConfig_AppAsBuilt_ConservesMemory()
    {
        var properties = RepositoryPaths.AppRuntimeSettings();

        // Off by default: the oldest generation then grows with what a burst left dead there; at 7 the
        // 1,000-conversation burst peaked 5-6 MiB lower (docs/benchmarks.md, "Conserving memory").
        Assert.Equal("7", properties?["System.GC.ConserveMemory"]?.ToString());
    }
}
