using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class CloudKeyDetectorTests
{
    [Fact]
    public void AwsAccessKey_KeyIds_Detected()
    {
        var longTerm = FakeSecrets.AwsAccessKeyId(1);
        var temporary = "ASIA" + FakeSecrets.AwsAccessKeyId(2)[4..];
        DetectorAssert.Finds(new AwsAccessKeyDetector(), $"id {longTerm} and \"{temporary}\"", longTerm, temporary);
    }

    [Theory]
    [InlineData("AKIA123456789012345")]     // 15 characters after the prefix
    [InlineData("XAKIA1234567890123456")]   // inside a longer token
    [InlineData("akia1234567890123456")]    // lower case
    [InlineData("AIDA1234567890123456")]    // IAM user id, not a key
    public void AwsAccessKey_NotAKeyId_NotDetected(string text) =>
        DetectorAssert.FindsNothing(new AwsAccessKeyDetector(), text);

    [Theory]
    [InlineData("aws_secret_access_key = {0}")]
    [InlineData("AWS_SECRET_ACCESS_KEY: \"{0}\"")]
    [InlineData("\"awsSecretKey\": \"{0}\"")]
    public void AwsSecretKey_AfterKeyword_FindsValue(string format)
    {
        var secret = FakeSecrets.AwsSecretKey();
        DetectorAssert.Finds(new AwsSecretKeyDetector(), string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret), secret);
    }

    [Fact]
    public void AwsSecretKey_WithoutKeywordOrWrongLength_NotDetected()
    {
        var detector = new AwsSecretKeyDetector();
        DetectorAssert.FindsNothing(detector, "hash " + FakeSecrets.AwsSecretKey());
        DetectorAssert.FindsNothing(detector, "aws_secret_access_key = " + FakeSecrets.Base64(39));
        DetectorAssert.FindsNothing(detector, "aws_secret_access_key = " + FakeSecrets.Base64(41));
    }

    [Fact]
    public void AzureStorage_ConnectionString_FindsWholeString()
    {
        var connection = FakeSecrets.AzureConnectionString();
        DetectorAssert.Finds(new AzureStorageKeyDetector(), $"\"Storage\": \"{connection}\"", connection);
    }

    [Fact]
    public void AzureStorage_BareAccountKey_Detected()
    {
        var key = FakeSecrets.AzureAccountKey();
        DetectorAssert.Finds(new AzureStorageKeyDetector(), $"the key is {key} ok", key);
    }

    [Fact]
    public void AzureStorage_SharedAccessKeyValue_Detected()
    {
        var key = FakeSecrets.Base64(43) + "=";
        DetectorAssert.Finds(
            new AzureStorageKeyDetector(),
            $"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={key}",
            key);
    }

    [Fact]
    public void AzureStorage_NotAnAccountKey_NotDetected()
    {
        var detector = new AzureStorageKeyDetector();
        DetectorAssert.FindsNothing(detector, FakeSecrets.Base64(87) + "==");   // 89 characters
        DetectorAssert.FindsNothing(detector, FakeSecrets.Base64(85) + "==");   // 87 characters
        DetectorAssert.FindsNothing(detector, "a == b and c == d");
        DetectorAssert.FindsNothing(detector, "DefaultEndpointsProtocol=https;AccountName=contosotest;EndpointSuffix=core.windows.net");
    }
}
