using TeamsBot.Dlp;
using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class VendorTokenDetectorTests
{
    public static TheoryData<string, string> Tokens => new()
    {
        { "anthropic_key", "sk-ant-api03-" + FakeSecrets.Base62(93) + "AA" },
        { "openai_key", "sk-proj-" + FakeSecrets.Base62(74) + "T3BlbkFJ" + FakeSecrets.Base62(74, 2) },
        { "openai_key", "sk-" + FakeSecrets.Base62(20) + "T3BlbkFJ" + FakeSecrets.Base62(20, 2) },
        { "google_api_key", "AIza" + FakeSecrets.Base62(35) },
        { "stripe_key", "rk_live_" + FakeSecrets.Base62(24) },
        { "npm_token", "npm_" + FakeSecrets.Base62(36) },
        { "pypi_token", "pypi-AgEIcHlwaS5vcmc" + FakeSecrets.Base62(80) },
        { "huggingface_token", "hf_" + FakeSecrets.Base62(34) },
        { "twilio_key", "SK0123456789abcdef0123456789abcdef" },
        { "sendgrid_key", "SG." + FakeSecrets.Base62(22) + "." + FakeSecrets.Base62(43, 2) },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Find_DocumentedFormat_Detected(string id, string token) =>
        DetectorAssert.Finds(BuiltInDetectors.ById[id], $"the key is {token}.", token);

    [Theory]
    [InlineData("openai_key", "pip install scikit-learn sk-video and sk-my-very-long-identifier-name-here")]
    [InlineData("openai_key", "OpenAI keys look like sk-... ")]
    [InlineData("stripe_key", "Stripe uses sk_live_ for live secret keys")]
    [InlineData("npm_token", "npm_config_cache=/tmp/npm")]
    [InlineData("huggingface_token", "hf_hub_download(repo_id='bert-base-uncased')")]
    [InlineData("twilio_key", "TASK0123456789abcdef0123456789abcdef")]
    public void Find_LookAlike_NotDetected(string id, string text) =>
        DetectorAssert.FindsNothing(BuiltInDetectors.ById[id], text);

    [Fact]
    public void AzureClientSecret_CurrentFormat_Detected()
    {
        var secret = "abc8Q~" + FakeSecrets.Base62(34);
        DetectorAssert.Finds(new AzureClientSecretDetector(), $"AZURE_CLIENT_SECRET={secret}", secret);
        DetectorAssert.FindsNothing(new AzureClientSecretDetector(), "Entra secrets contain Q~ after four characters");
    }

    [Fact]
    public void Webhook_TeamsIncomingWebhook_Detected()
    {
        const string guid = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
        var url = $"https://contoso.webhook.office.com/webhookb2/{guid}@{guid}/IncomingWebhook/0123456789abcdef0123456789abcdef/{guid}";
        DetectorAssert.Finds(new WebhookUrlDetector(), $"post to {url} please", url);
        DetectorAssert.FindsNothing(new WebhookUrlDetector(), "https://contoso.webhook.office.com is our webhook host");
    }

    [Fact]
    public void KubernetesSecret_DataValues_DetectedKeysKept()
    {
        const string manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: YXBw\n  password: czNjcjN0UGFzcw==\n";
        DetectorAssert.Finds(new KubernetesSecretDetector(), manifest, "YXBw", "czNjcjN0UGFzcw==");
        DetectorAssert.FindsNothing(new KubernetesSecretDetector(), manifest.Replace("kind: Secret", "kind: ConfigMap", StringComparison.Ordinal));
    }

    [Fact]
    public void PrivateKey_InServiceAccountJson_Detected()
    {
        var key = "-----BEGIN PRIVATE KEY-----\\n" + FakeSecrets.Base64(64) + "\\n" + FakeSecrets.Base64(64, 2) + "\\n-----END PRIVATE KEY-----";
        DetectorAssert.Finds(new PrivateKeyDetector(), $"{{\"type\": \"service_account\", \"private_key\": \"{key}\\n\"}}", key);
    }

    [Theory]
    [InlineData("PGPASSWORD=Tiger1999* psql", "Tiger1999*")]
    [InlineData("DB_PASS=s3cr3t!", "s3cr3t!")]
    [InlineData("password: hQSMlv7NaAm", "hQSMlv7NaAm")]
    [InlineData("my password is Summer2024! thanks", "Summer2024!")]
    [InlineData("das Passwort ist Sommer#2024.", "Sommer#2024")]
    [InlineData("mot de passe : Paris-2024", "Paris-2024")]
    [InlineData("la contraseña es Madrid#23", "Madrid#23")]
    [InlineData("redis://:r3dis-Pass@cache:6379", "r3dis-Pass")]
    public void Password_AsPeopleWriteIt_Detected(string text, string password) =>
        DetectorAssert.Finds(new PasswordDetector(), text, password);

    [Theory]
    [InlineData("Please reset your password: click the link.")]
    [InlineData("Das Passwort ist abgelaufen.")]
    [InlineData("PWD=/home/alice/src")]
    [InlineData("bypass=true and compass: north")]
    [InlineData("my password is [PASSWORD_1]")]
    public void Password_WordWithoutValue_NotDetected(string text) =>
        DetectorAssert.FindsNothing(new PasswordDetector(), text);

    [Theory]
    [InlineData("4012.8888.8888.1881")]
    [InlineData("4012/8888/8888/1881")]
    [InlineData("4012 8888\n8888 1881")]
    public void CreditCard_DotsSlashesOrTwoLines_Detected(string card) =>
        DetectorAssert.Finds(new CreditCardDetector(), $"card {card} exp 04/28", card);

    [Theory]
    [InlineData("AKIA ABCD EFGH 2345 MNOP")]
    [InlineData("AKIAABCDEFGH\n2345MNOP")]
    public void AwsAccessKey_SplitBySpacesOrLineBreak_Detected(string key) =>
        DetectorAssert.Finds(new AwsAccessKeyDetector(), $"key {key} (new)", key);

    [Fact]
    public void AwsAccessKey_CapitalisedWords_NotDetected() =>
        DetectorAssert.FindsNothing(new AwsAccessKeyDetector(), "ASIA PACIFIC REGION 2024 REPORT");

    [Fact]
    public void Scan_HomoglyphAwsKey_Blocked()
    {
        var result = new DlpScanner().Scan("key \u0410\u041A\u0406\u0410ABCDEFGH2345MNOP", new DlpOptions(), new DlpPlaceholderMap());
        Assert.Equal("aws_access_key", result.BlockingRuleId);
    }
}
