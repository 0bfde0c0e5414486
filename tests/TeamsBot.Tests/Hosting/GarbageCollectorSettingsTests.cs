using System.Text.Json.Nodes;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Hosting;

/// <summary>The collector the app runs with is set at build time, in its runtimeconfig.json.</summary>
public sealed class GarbageCollectorSettingsTests
{
    [Fact]
    public void RuntimeConfig_AppAsBuilt_WorkstationCollectorInBackground()
    {
        string path = Path.ChangeExtension(RepositoryPaths.AppAssembly, ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];

        // Server GC (the web SDK's default) took a 1,000-conversation burst to about 550 MiB; one heap stays lower.
        Assert.False((bool?)properties?["System.GC.Server"] ?? true, "System.GC.Server must be false");
        Assert.True((bool?)properties?["System.GC.Concurrent"] ?? false, "System.GC.Concurrent must be true");
    }
}
