using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class UsSsnDetectorTests
{
    private readonly UsSsnDetector _detector = new();

    [Theory]
    [InlineData("123-45-6789")]
    [InlineData("536-22-1234")]
    [InlineData("772 01 0001")]
    public void Find_ValidSsn_Detected(string ssn) => DetectorAssert.Finds(_detector, $"SSN: {ssn}.", ssn);

    [Theory]
    [InlineData("000-12-3456")]     // area 000
    [InlineData("666-12-3456")]     // area 666
    [InlineData("900-12-3456")]     // area 9xx
    [InlineData("999-12-3456")]
    [InlineData("123-00-4567")]     // group 00
    [InlineData("123-45-0000")]     // serial 0000
    [InlineData("111-11-1111")]     // one repeated digit
    [InlineData("123-45 6789")]     // mixed separators
    [InlineData("123456789")]       // no separators
    [InlineData("2123-45-6789")]    // longer number
    [InlineData("123-45-67890")]
    [InlineData("2024-05-1234")]
    public void Find_InvalidSsn_NotDetected(string text) => DetectorAssert.FindsNothing(_detector, text);
}
