using TeamsBot.Connector;

namespace TeamsBot.Tests.Connector;

public sealed class SendLogCodecTests
{
    [Fact]
    public void Encode_ThenDecode_SameTimesInOrder()
    {
        // A wall clock that stepped back between two sends gives a negative gap; it still round-trips.
        long[] times = [1_764_770_000_000, 1_764_770_000_000, 1_764_770_000_450, 1_764_769_999_900, 1_764_770_030_000];

        var log = SendLogCodec.Encode(times);

        Assert.Equal(times, SendLogCodec.Decode(log));
    }

    [Fact]
    public void Encode_BusyConversationsHour_UnderFiveKilobytes()
    {
        long start = 1_764_770_000_000;
        long[] times = [.. Enumerable.Range(0, 1800).Select(i => start + (i * 2000L))];

        var log = SendLogCodec.Encode(times);

        Assert.InRange(log!.Length, 1, 5 * 1024);
        Assert.Equal(times, SendLogCodec.Decode(log));
    }

    [Fact]
    public void Encode_NoSends_Null()
    {
        Assert.Null(SendLogCodec.Encode([]));
        Assert.Empty(SendLogCodec.Decode(null));
    }

    [Fact]
    public void Encode_WithTheReceiptIndicator_DecodesBothTimesAndIndicator()
    {
        long[] times = [1_764_770_000_000, 1_764_770_000_450];
        var indicator = new ReceiptIndicator(TurnId: 4_242, SentAt: 1_764_770_000_450);

        var log = SendLogCodec.Encode(times, indicator);

        Assert.Equal(times, SendLogCodec.Decode(log));
        Assert.Equal(indicator, SendLogCodec.DecodeWithIndicator(log).Indicator);
        Assert.Null(SendLogCodec.DecodeWithIndicator(SendLogCodec.Encode(times)).Indicator);
    }

    [Theory]
    [InlineData(new byte[] { 3, 10 })]
    [InlineData(new byte[] { 2, 10 })]
    [InlineData(new byte[] { 2, 10, 4 })]
    [InlineData(new byte[] { 1, 0x80 })]
    [InlineData(new byte[] { 1 })]
    public void Decode_UnknownVersionOrCutShort_NoTimes(byte[] log)
    {
        Assert.Empty(SendLogCodec.Decode(log));
        Assert.Null(SendLogCodec.DecodeWithIndicator(log).Indicator);
    }
}
