using TeamsBot.Hosting;

namespace TeamsBot.Tests.Hosting;

public sealed class AnonymousAccessGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:3978", true)]
    [InlineData("http://localhost:3978", true)]
    [InlineData("http://[::1]:3978", true)]
    [InlineData("http://0.0.0.0:3978", false)]
    [InlineData("http://[::]:3978", false)]
    [InlineData("http://+:3978", false)]
    [InlineData("http://*:3978", false)]
    [InlineData("http://10.1.2.3:3978", false)]
    public void IsLoopback_ListeningAddress_OnlyLoopbackPasses(string address, bool loopback)
    {
        Assert.Equal(loopback, AnonymousAccessGuard.IsLoopback(address));
    }
}
