using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class EmailDetectorTests
{
    private readonly EmailDetector _detector = new();

    [Theory]
    [InlineData("Write to joe.bloggs@example.com today", "joe.bloggs@example.com")]
    [InlineData("Contact: jane+tag@sub.example.co.uk.", "jane+tag@sub.example.co.uk")]
    [InlineData("<JOE_B@EXAMPLE.ORG>", "JOE_B@EXAMPLE.ORG")]
    [InlineData("mailto:first-last@contoso.dev?subject=x", "first-last@contoso.dev")]
    [InlineData("sent to x@example.com.Thanks", "x@example.com")]
    [InlineData("(ops@corp.example.io)", "ops@corp.example.io")]
    public void Find_Address_Detected(string text, string expected) =>
        DetectorAssert.Finds(_detector, text, expected);

    [Theory]
    [InlineData("use icon@2x.png for retina")]       // file name, png is not a TLD
    [InlineData("npm install lodash@4.17.21")]       // package version
    [InlineData("ssh user@localhost")]               // no TLD
    [InlineData("foo@bar.notarealtld")]              // unknown TLD
    [InlineData("ping @channel please")]
    [InlineData("a@b.c")]
    [InlineData("x@example.com1")]                   // runs into a word
    public void Find_NotAnAddress_NotDetected(string text) => DetectorAssert.FindsNothing(_detector, text);

    [Fact]
    public void Find_TwoAddresses_FindsBoth() =>
        DetectorAssert.Finds(_detector, "a@example.com, b@example.net", "a@example.com", "b@example.net");
}
