using System.Security.Cryptography;
using System.Text;
using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

public sealed class DlpPlaceholderMapTests
{
    [Fact]
    public void GetPlaceholder_SameValueTwice_SamePlaceholder()
    {
        var map = new DlpPlaceholderMap();
        Assert.Equal("[EMAIL_1]", map.GetPlaceholder("EMAIL", "joe@example.com"));
        Assert.Equal("[EMAIL_2]", map.GetPlaceholder("EMAIL", "ann@example.com"));
        Assert.Equal("[EMAIL_1]", map.GetPlaceholder("EMAIL", "joe@example.com"));
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void GetPlaceholder_DifferentLabels_NumberedIndependently()
    {
        var map = new DlpPlaceholderMap();
        Assert.Equal("[EMAIL_1]", map.GetPlaceholder("EMAIL", "joe@example.com"));
        Assert.Equal("[CARD_1]", map.GetPlaceholder("CARD", "4012888888881881"));
    }

    [Theory]
    [InlineData("CARD", "4012 8888 8888 1881", "4012-8888-8888-1881")]
    [InlineData("EMAIL", "Joe@Example.COM", "joe@example.com")]
    [InlineData("PHONE", "+44 20 7946 0958", "0044 20 7946 0958")]
    [InlineData("IBAN", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432")]
    public void GetPlaceholder_SameValueDifferentSpelling_SamePlaceholder(string label, string first, string second)
    {
        var map = new DlpPlaceholderMap();
        Assert.Equal(map.GetPlaceholder(label, first), map.GetPlaceholder(label, second));
    }

    [Fact]
    public void Parse_SerialisedMap_KeepsNumbering()
    {
        var map = new DlpPlaceholderMap();
        map.GetPlaceholder("EMAIL", "joe@example.com");
        map.GetPlaceholder("EMAIL", "ann@example.com");
        map.GetPlaceholder("CARD", "4012888888881881");

        var restored = DlpPlaceholderMap.Parse(map.Serialise());

        Assert.Equal("[EMAIL_2]", restored.GetPlaceholder("EMAIL", "ann@example.com"));
        Assert.Equal("[EMAIL_3]", restored.GetPlaceholder("EMAIL", "new@example.com"));
        Assert.Equal("[CARD_1]", restored.GetPlaceholder("CARD", "4012888888881881"));
    }

    [Fact]
    public void Serialise_MapWithValues_ContainsNoValueOrPlainHash()
    {
        var map = new DlpPlaceholderMap();
        map.GetPlaceholder("EMAIL", "joe@example.com");
        var serialised = map.Serialise();

        var plainHash = SHA256.HashData(Encoding.UTF8.GetBytes("joe@example.com"));
        Assert.DoesNotContain("joe", serialised, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(plainHash)[..8], serialised, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("v1|", serialised, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialise_TwoMapsSameValue_HashesDiffer()
    {
        var a = new DlpPlaceholderMap();
        var b = new DlpPlaceholderMap();
        a.GetPlaceholder("EMAIL", "joe@example.com");
        b.GetPlaceholder("EMAIL", "joe@example.com");
        Assert.NotEqual(a.Serialise().Split('|')[2], b.Serialise().Split('|')[2]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_NullOrEmpty_ReturnsEmptyMap(string? serialised) =>
        Assert.Equal(0, DlpPlaceholderMap.Parse(serialised).Count);

    [Theory]
    [InlineData("garbage")]
    [InlineData("v2|AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("v1|short")]
    [InlineData("v1|AAAAAAAAAAAAAAAAAAAAAA|email=AAAAAAAAAAAAAAAA")]
    [InlineData("v1|AAAAAAAAAAAAAAAAAAAAAA|EMAIL=tooshort")]
    [InlineData("v1|AAAAAAAAAAAAAAAAAAAAAA|EMAIL=AAAAAAAAAAAAAAAA|EMAIL=BBBBBBBBBBBBBBBB")]
    public void Parse_Malformed_ThrowsFormatException(string serialised)
    {
        Assert.Throws<FormatException>(() => DlpPlaceholderMap.Parse(serialised));
        Assert.False(DlpPlaceholderMap.TryParse(serialised, out _));
    }
}
