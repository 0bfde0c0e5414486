using TeamsBot.Connector;

namespace TeamsBot.Tests.Connector;

public sealed class ConnectorRetryTests
{
    [Fact]
    public void Suppress_NestedScopes_EachDisposeRestoresWhatItFound()
    {
        Assert.False(ConnectorRetry.IsSuppressed);
        using (ConnectorRetry.Suppress())
        {
            using (ConnectorRetry.Suppress())
            {
                Assert.True(ConnectorRetry.IsSuppressed);
            }

            Assert.True(ConnectorRetry.IsSuppressed);
        }

        Assert.False(ConnectorRetry.IsSuppressed);
    }

    [Fact]
    public async Task Suppress_FlowsIntoAwaitedWork_NotIntoOtherFlows()
    {
        using var inside = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var other = Task.Run(async () =>
        {
            await inside.WaitAsync();
            return ConnectorRetry.IsSuppressed;
        });

        bool seenInAwaitedWork;
        using (ConnectorRetry.Suppress())
        {
            seenInAwaitedWork = await Task.Run(async () =>
            {
                await Task.Yield();
                return ConnectorRetry.IsSuppressed;
            });
            inside.Release();
            Assert.False(await other);
        }

        Assert.True(seenInAwaitedWork);
    }

    [Fact]
    public void Suppress_DisposedAgainInsideALaterScope_DoesNotEndThatScope()
    {
        var first = ConnectorRetry.Suppress();
        first.Dispose();

        using (ConnectorRetry.Suppress())
        {
            first.Dispose();

            Assert.True(ConnectorRetry.IsSuppressed);
        }
    }
}
