using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class PhoneDetectorTests
{
    private readonly PhoneDetector _detector = new();

    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+1 (415) 555-0100")]
    [InlineData("0049 30 1234567")]
    [InlineData("+49 (0)30 1234567")]
    [InlineData("+442079460958")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("(415) 555-0100")]
    [InlineData("415-555-0100")]
    [InlineData("020 7946 0958")]
    [InlineData("030/1234567")]
    public void Find_PhoneNumber_Detected(string phone) =>
        DetectorAssert.Finds(_detector, $"Call me on {phone}, thanks.", phone);

    [Theory]
    [InlineData("order 1234567890")]
    [InlineData("ref 0123456789")]
    [InlineData("on 2024-01-15 10:30")]
    [InlineData("on 12/05/2024 10 people")]
    [InlineData("version 10.0.1.2")]
    [InlineData("host 192.168.1.1")]
    [InlineData("it costs 1 000 000 euros")]
    [InlineData("pi is 3.14159265")]
    [InlineData("card 4012 8888 8888 1881")]
    [InlineData("ssn 123-45-6789")]
    [InlineData("+1234")]
    [InlineData("in 2023 and 2024 we grew")]
    public void Find_NotAPhoneNumber_NotDetected(string text) => DetectorAssert.FindsNothing(_detector, text);

    [Fact]
    public void Find_TwoNumbersSeparatedBySlash_FindsBoth() =>
        DetectorAssert.Finds(_detector, "+44 20 7946 0958 / 030 1234567", "+44 20 7946 0958", "030 1234567");
}
