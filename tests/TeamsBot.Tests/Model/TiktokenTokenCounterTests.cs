using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsBot.Model;
using TeamsBot.Tests.Bot;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Model;

// Alone in the process: the memory figure is the whole managed heap before and after.
[Collection(AloneInProcessGroup.Name)]
public sealed class TiktokenTokenCounterTests(ITestOutputHelper output)
{
    [Fact]
    public void Count_FreshCounter_RetainsUnderEightMegabytes()
    {
        // The heap is the whole process's: a test host left running by an earlier class can free megabytes during one
        // measurement, so the median of three fresh counters is the figure.
        long[] retained = [RetainedByFreshCounter(), RetainedByFreshCounter(), RetainedByFreshCounter()];
        Array.Sort(retained);

        output.WriteLine($"retained {string.Join(", ", retained.Select(bytes => bytes.ToString("N0", CultureInfo.InvariantCulture)))} bytes");
        // At least the 1.4 MB of token bytes: a counter that retained nothing would not have loaded the ranks.
        Assert.InRange(retained[1], 1_400_000, 8L * 1024 * 1024);
    }

    private static long RetainedByFreshCounter()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var counter = new TiktokenTokenCounter(Options.Create(new ModelOptions()));
        int count = counter.Count("hello world");
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(counter);

        Assert.Equal(2 + TiktokenTokenCounter.PerMessageOverhead, count);
        return retained;
    }

    [Theory]
    [InlineData("o200k_base")]
    [InlineData("O200K_BASE")]
    [InlineData("o200k_harmony")]
    public void Count_SupportedEncoding_CountsSpecialTokenAsOne(string encoding)
    {
        var counter = new TiktokenTokenCounter(Options.Create(new ModelOptions { Tokenizer = encoding }));

        Assert.Equal(1 + TiktokenTokenCounter.PerMessageOverhead, counter.Count("<|endoftext|>"));
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("gpt-4o")]
    [InlineData("")]
    public void Constructor_UnsupportedEncoding_Throws(string encoding)
    {
        Assert.Throws<ArgumentException>(() => new TiktokenTokenCounter(Options.Create(new ModelOptions { Tokenizer = encoding })));
    }
}
