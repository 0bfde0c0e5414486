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
}
