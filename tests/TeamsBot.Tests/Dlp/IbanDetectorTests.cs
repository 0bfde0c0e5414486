using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class IbanDetectorTests
{
    private readonly IbanDetector _detector = new();

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32")]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("DE89370400440532013000")]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("CH9300762011623852957")]
    [InlineData("NO9386011117947")]
    [InlineData("gb82west12345698765432")]         // typed in lower case
    [InlineData("de89 3704 0044 0532 0130 00")]
    [InlineData("DE89-3704-0044-0532-0130-00")]    // grouped with dashes
    public void Find_ValidIban_Detected(string iban) =>
        DetectorAssert.Finds(_detector, $"Pay to {iban} by Friday.", iban);

    [Theory]
    [InlineData("GB83 WEST 1234 5698 7654 32")]   // wrong check digits
    [InlineData("DE88370400440532013000")]        // wrong check digits
    [InlineData("XX89370400440532013000")]        // unknown country
    [InlineData("GB82 WEST 1234 5698 7654")]      // too short for GB
    [InlineData("DE8937040044053201300012")]      // too long for DE, no boundary
    [InlineData("gb83west12345698765432")]        // lower case, wrong check digits
    [InlineData("DE88-3704-0044-0532-0130-00")]   // dashes, wrong check digits
    public void Find_InvalidIban_NotDetected(string text) => DetectorAssert.FindsNothing(_detector, text);

    [Fact]
    public void Find_IbanFollowedByCapitalisedWord_StopsAtCountryLength() =>
        DetectorAssert.Finds(_detector, "IBAN GB82 WEST 1234 5698 7654 32 I paid", "GB82 WEST 1234 5698 7654 32");
}
