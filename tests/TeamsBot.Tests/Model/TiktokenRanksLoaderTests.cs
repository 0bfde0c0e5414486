using System.Text;
using Microsoft.ML.Tokenizers;
using TeamsBot.Model;

namespace TeamsBot.Tests.Model;

public sealed class TiktokenRanksLoaderTests
{
    [Fact]
    public void LoadO200kBase_EveryRank_MatchesLibraryEncoder()
    {
        TiktokenRanks ranks = TiktokenRanksLoader.LoadO200kBase();
        var reference = TiktokenTokenizer.CreateForEncoding("o200k_base");

        // The library's decoder holds every rank's bytes (and the special tokens, which the ranks file lacks).
        Dictionary<int, byte[]> library = typeof(TiktokenTokenizer).GetProperty("Decoder", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(reference) is IReadOnlyDictionary<int, ReadOnlyMemory<byte>> decoder
            ? decoder.Where(pair => pair.Key < ranks.RankCount).ToDictionary(pair => pair.Key, pair => pair.Value.ToArray())
            : throw new InvalidOperationException("The library's decoder is not readable.");

        Assert.Equal(199_998, ranks.RankCount);
        Assert.Equal(ranks.RankCount, library.Count);
        foreach ((int rank, byte[] bytes) in library)
        {
            Assert.Equal(rank, ranks.Find(bytes));
        }
    }

    [Fact]
    public void Parse_CapacityLineAndCrLf_RanksByLine()
    {
        TiktokenRanks ranks = Parse("Capacity: 3\r\nYQ==\r\nYg==\r\nYWI=\r\n");

        Assert.Equal(3, ranks.RankCount);
        Assert.Equal(0, ranks.Find("a"u8));
        Assert.Equal(1, ranks.Find("b"u8));
        Assert.Equal(2, ranks.Find("ab"u8));
        Assert.Equal(-1, ranks.Find("ba"u8));
        Assert.Equal(-1, ranks.Find([]));
    }

    [Fact]
    public void Parse_EmptyLineBetweenTokens_SkipsARank()
    {
        TiktokenRanks ranks = Parse("YQ==\n\nYg==\n");

        Assert.Equal(0, ranks.Find("a"u8));
        Assert.Equal(2, ranks.Find("b"u8));
    }

    [Theory]
    [InlineData("YQ== 0\nYg== 1\n")]
    [InlineData("YQ==\n!!!\n")]
    [InlineData("YQ==\nYQ==\n")]
    [InlineData("Capacity: x\nYQ==\n")]
    [InlineData("")]
    public void Parse_MalformedFile_Throws(string file)
    {
        Assert.ThrowsAny<Exception>(() => Parse(file));
    }

    [Fact]
    public void MatchesWholePiece_InvalidUtf8OrReplacementCharacter_False()
    {
        // ED A0 80 is a UTF-16 surrogate written as UTF-8: not text, so never a whole piece.
        TiktokenRanks ranks = new([0x61, 0xED, 0xA0, 0x80, 0xEF, 0xBF, 0xBD], [0, 1, 4, 7]);

        Assert.True(ranks.MatchesWholePiece(0));
        Assert.False(ranks.MatchesWholePiece(1));
        Assert.False(ranks.MatchesWholePiece(2));
    }

    private static TiktokenRanks Parse(string file) => TiktokenRanksLoader.Parse(new MemoryStream(Encoding.ASCII.GetBytes(file)));
}
