using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class CreditCardDetectorTests
{
    private readonly CreditCardDetector _detector = new();

    [Fact]
    public void Find_PresidioVectorInThreeFormats_FindsAllThree() =>
        DetectorAssert.Finds(
            _detector,
            "4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881",
            "4012888888881881",
            "4012-8888-8888-1881",
            "4012 8888 8888 1881");

    [Theory]
    [InlineData("371449635398431")]      // Amex, 15 digits
    [InlineData("3714 496353 98431")]    // Amex grouping 4-6-5
    [InlineData("5555555555554444")]     // Mastercard
    [InlineData("2223003122003222")]     // Mastercard 2-series
    [InlineData("4111 1111 1111 1111")]  // Visa
    [InlineData("6011000400000000")]     // Discover
    [InlineData("3528000700000000")]     // JCB
    [InlineData("30569309025904")]       // Diners, 14 digits
    [InlineData("122000000000003")]      // UATP
    public void Find_ValidCardNumber_Detected(string card) =>
        DetectorAssert.Finds(_detector, $"Please charge {card}, thanks.", card);

    [Theory]
    [InlineData("4012-8888-8888-1882")]                           // bad Luhn
    [InlineData("my credit card number is 4012-8888-8888-1882")]
    [InlineData("36168002586008")]                                // bad Luhn
    [InlineData("my credit card number is 36168002586008")]
    [InlineData("4012 8888-8888 1881")]                           // mixed separators
    [InlineData("40 12 88 88 88 88 18 81")]                       // not card grouping
    [InlineData("9999999999999995")]                              // Luhn-valid, no issuer starts with 9
    [InlineData("0000 0000 0000 0000")]
    [InlineData("Pi is 3.4012888888881881")]                      // decimal fraction
    [InlineData("order 4012888888881881123")]                     // 19 digits, bad Luhn, no separators
    [InlineData("ID40128888888818814")]                           // inside a word
    public void Find_NotACardNumber_NotDetected(string text) => DetectorAssert.FindsNothing(_detector, text);

    [Fact]
    public void Find_CardFollowedByAnotherNumberGroup_FindsOnlyTheCard() =>
        DetectorAssert.Finds(_detector, "card 4012 8888 8888 1881 123 expires", "4012 8888 8888 1881");
}
