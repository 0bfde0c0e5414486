using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class CredentialDetectorTests
{
    private readonly PasswordDetector _password = new();
    private readonly ApiKeyDetector _apiKey = new();

    [Theory]
    [InlineData("Server=db;User Id=sa;Password=S3cret!pass;Encrypt=true", "S3cret!pass")]
    [InlineData("Host=db;Username=app;Pwd=abc123;", "abc123")]
    [InlineData("Password = \"two words\";", "two words")]
    [InlineData("DB_PASSWORD=hunter2", "hunter2")]
    [InlineData("{ \"password\": \"hunter2\" }", "hunter2")]
    [InlineData("postgres://admin:Sup3rS3cret@db.example.com:5432/app", "Sup3rS3cret")]
    [InlineData("https://bob:p%40ss@example.com/", "p%40ss")]
    public void Password_InConnectionStringOrUrl_FindsValue(string text, string expected) =>
        DetectorAssert.Finds(_password, text, expected);

    [Theory]
    [InlineData("Password=${DB_PASSWORD};")]
    [InlineData("Password=<your-password>;")]
    [InlineData("Password=****;")]
    [InlineData("Password=[PASSWORD_1];")]
    [InlineData("my password is secret")]
    [InlineData("I forgot my password: can you reset it?")]
    [InlineData("https://example.com/path?q=1")]
    [InlineData("git@github.com:org/repo.git")]
    public void Password_NoPasswordValue_NotDetected(string text) => DetectorAssert.FindsNothing(_password, text);

    [Theory]
    [InlineData("api_key = '{0}'")]
    [InlineData("\"apiKey\": \"{0}\"")]
    [InlineData("X-Api-Key: {0}")]
    [InlineData("client_secret={0}")]
    [InlineData("Authorization: Bearer {0}")]
    [InlineData("STRIPE_TOKEN := {0}")]
    public void ApiKey_HighEntropyValueAfterKeyword_FindsValue(string format)
    {
        var key = FakeSecrets.Base62(32, 7);
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, key);
        DetectorAssert.Finds(_apiKey, text, key);
    }

    [Fact]
    public void ApiKey_HexSecret_Detected()
    {
        const string hex = "9f86d081884c7d659a2feaa0c55ad015";
        DetectorAssert.Finds(_apiKey, $"secret: {hex}", hex);
    }

    [Theory]
    [InlineData("The key differentiator is speed")]
    [InlineData("key: value")]
    [InlineData("token: process.env.STRIPE_SECRET")]
    [InlineData("api_key = aaaaaaaaaaaaaaaa1111")]
    [InlineData("password = correcthorsebatterystaple")]
    [InlineData("secret: 1234567890123456")]
    [InlineData("api_key = <insert-your-key-here-123>")]
    [InlineData("monkey: bananas and apples")]
    public void ApiKey_LowEntropyOrNoValue_NotDetected(string text) => DetectorAssert.FindsNothing(_apiKey, text);
}
