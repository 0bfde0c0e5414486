using System.Runtime;
using Microsoft.Bot.Connector;
using TeamsBot.Bot;

namespace TeamsBot.Tests.Bot;

/// <summary>What every new ConnectorClient reads by reflection is compiled once, however often memory is collected.</summary>
public sealed class FrameworkAttributeCacheTests
{
    [Fact]
    public void FrameworkVersion_ReadAfterEachCollection_NothingCompiledAgain()
    {
        FrameworkAttributeCache.Keep();
        ReadAfterCollections(3);

        long before = JitInfo.GetCompiledMethodCount(currentThread: true);
        ReadAfterCollections(10);

        // Before: the attribute's property setter got a new invoke stub after every collection (10 here).
        Assert.Equal(0, JitInfo.GetCompiledMethodCount(currentThread: true) - before);
    }

    private static void ReadAfterCollections(int times)
    {
        for (int i = 0; i < times; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.NotNull(ConnectorClient.GetASPNetVersion());
            Assert.NotNull(ConnectorClient.GetASPNetVersion());
        }
    }
}
