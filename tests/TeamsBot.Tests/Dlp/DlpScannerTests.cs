using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

public sealed class DlpScannerTests
{
    private readonly DlpScanner _scanner = new();
    private readonly DlpPlaceholderMap _map = new();

    private DlpScanResult Scan(string text, DlpOptions? options = null) =>
        _scanner.Scan(text, options ?? new DlpOptions(), _map);

    [Fact]
    public void Scan_CleanText_ReturnsTextUnchanged()
    {
        var result = Scan("How do I write a for loop in C#?");
        Assert.Equal(DlpOutcome.Clean, result.Outcome);
        Assert.Equal("How do I write a for loop in C#?", result.Text);
        Assert.Empty(result.Detectors);
        Assert.Equal(string.Empty, result.DescribeForUser());
    }

    [Fact]
    public void Scan_PersonalDataWithDefaults_RedactsWithTypedPlaceholders()
    {
        var result = Scan("Mail joe@example.com or ann@example.com, card 4012 8888 8888 1881.");

        Assert.Equal("Mail [EMAIL_1] or [EMAIL_2], card [CARD_1].", result.Text);
        Assert.Equal(DlpOutcome.Redacted, result.Outcome);
        Assert.False(result.IsBlocked);
        Assert.Null(result.BlockingRuleId);
        Assert.Collection(
            result.Detectors,
            card => Assert.Equal(("credit_card", 1, DlpAction.Redact), (card.DetectorId, card.Count, card.Action)),
            email => Assert.Equal(("email", 2, DlpAction.Redact), (email.DetectorId, email.Count, email.Action)));
        Assert.Equal("Redacted: 1 card number, 2 email addresses.", result.DescribeForUser());
    }

    [Fact]
    public void Scan_SecretWithDefaults_BlocksAndNamesRuleNotValue()
    {
        var token = FakeSecrets.GitHubToken();
        var result = Scan($"use {token} for the build");

        Assert.True(result.IsBlocked);
        Assert.Equal("github_token", result.BlockingRuleId);
        Assert.Equal("use [GITHUB_TOKEN_1] for the build", result.Text);
        Assert.Equal("Blocked: the message contains 1 GitHub token.", result.DescribeForUser());
        Assert.DoesNotContain(token, result.Detectors.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_BlockAndRedactFindings_BlockWins()
    {
        var result = Scan($"joe@example.com key {FakeSecrets.AwsAccessKeyId()}");

        Assert.Equal(DlpOutcome.Blocked, result.Outcome);
        Assert.Equal("aws_access_key", result.BlockingRuleId);
        Assert.Equal("[EMAIL_1] key [AWS_KEY_1]", result.Text);
        Assert.Equal("Blocked: the message contains 1 AWS access key ID.", result.DescribeForUser());
    }

    [Fact]
    public void Scan_AuditOnly_LeavesTextUnchangedButReports()
    {
        var text = $"jo\u200Be@example.com {FakeSecrets.SlackBotToken()}";
        var result = Scan(text, new DlpOptions { Mode = DlpMode.AuditOnly });

        Assert.Same(text, result.Text);
        Assert.Equal(DlpOutcome.Blocked, result.Outcome);
        Assert.False(result.IsBlocked);
        Assert.Equal("slack_token", result.BlockingRuleId);
        Assert.Equal(["slack_token", "email"], result.Detectors.Select(d => d.DetectorId));
        Assert.Equal(0, _map.Count);
        Assert.Equal(string.Empty, result.DescribeForUser());
    }

    [Fact]
    public void Scan_RuleAllow_IgnoresDetector()
    {
        var options = new DlpOptions { Rules = { ["email"] = DlpAction.Allow } };
        var result = Scan("joe@example.com", options);

        Assert.Equal(DlpOutcome.Clean, result.Outcome);
        Assert.Equal("joe@example.com", result.Text);
    }

    [Fact]
    public void Scan_RuleKeysCaseInsensitive_OverridesDefaults()
    {
        var options = new DlpOptions
        {
            Rules = new Dictionary<string, DlpAction> { ["EMAIL"] = DlpAction.Block, ["GitHub_Token"] = DlpAction.Redact },
        };
        var result = Scan($"joe@example.com {FakeSecrets.GitHubToken()}", options);

        Assert.Equal("email", result.BlockingRuleId);
        Assert.Equal(DlpAction.Redact, result.Detectors.Single(d => d.DetectorId == "github_token").Action);
    }

    [Fact]
    public void Scan_UnvalidatedUndefinedAction_TreatedAsBlock()
    {
        var options = new DlpOptions { Rules = { ["email"] = (DlpAction)42 } };
        Assert.Equal("email", Scan("joe@example.com", options).BlockingRuleId);
    }

    [Fact]
    public void Scan_SecretSetToRedact_RedactsWithoutBlocking()
    {
        var options = new DlpOptions { Rules = { ["jwt"] = DlpAction.Redact } };
        var result = Scan($"token {FakeSecrets.Jwt()}", options);

        Assert.False(result.IsBlocked);
        Assert.Equal("token [JWT_1]", result.Text);
    }

    [Fact]
    public void Scan_FullWidthCardNumber_StillCaught()
    {
        var result = Scan("card ４０１２ ８８８８ ８８８８ １８８１");
        Assert.Equal("card [CARD_1]", result.Text);
    }

    [Theory]
    [InlineData("jo\u200Be@exa\u200Dmple.com")]
    [InlineData("joe\u2060@\uFEFFexample.com")]
    [InlineData("\u202Ejoe@example.com\u202C")]
    [InlineData("ｊｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ")]
    public void Scan_EmailWithInvisibleOrFullWidthCharacters_StillCaught(string email) =>
        Assert.Equal("mail [EMAIL_1]", Scan("mail " + email).Text);

    [Fact]
    public void Scan_ZeroWidthSpacesInsideCardNumber_StillCaught() =>
        Assert.Equal("[CARD_1]", Scan("4012\u200B8888\u200B8888\u200B1881").Text);

    [Fact]
    public void Scan_Findings_AreRangesInNormalisedText()
    {
        const string text = "x ｊｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ";
        var finding = Scan(text).Findings.Single();
        Assert.Equal("joe@example.com", TextNormaliser.Normalise(text).Substring(finding.Start, finding.Length));
    }

    [Fact]
    public void Scan_JwtAfterBearerKeyword_OneJwtFinding()
    {
        var result = Scan($"Authorization: Bearer {FakeSecrets.Jwt()}");
        Assert.Equal("jwt", Assert.Single(result.Findings).DetectorId);
        Assert.Equal("Authorization: Bearer [JWT_1]", result.Text);
    }

    [Fact]
    public void Scan_AzureConnectionString_OneFindingCoversKeyInside()
    {
        var result = Scan($"conn: {FakeSecrets.AzureConnectionString()}");
        Assert.Equal("azure_storage_key", Assert.Single(result.Findings).DetectorId);
        Assert.Equal("conn: [AZURE_KEY_1]", result.Text);
    }

    [Fact]
    public void Scan_UrlPasswordOverlappingEmailShape_PasswordWinsAndNothingLeaks()
    {
        var result = Scan("db https://bob:pa55w0rd@example.com/app");

        Assert.Equal("password", result.BlockingRuleId);
        Assert.Equal("password", Assert.Single(result.Findings).DetectorId);
        Assert.DoesNotContain("pa55w0rd", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_OverlapWithEqualRank_EarlierDetectorWins()
    {
        // The same characters are a GitHub token and a generic api key value: the specific detector wins.
        var result = Scan($"token = {FakeSecrets.GitHubToken()}");
        Assert.Equal("github_token", Assert.Single(result.Findings).DetectorId);
    }

    [Fact]
    public void Scan_SameValueAcrossTurns_SamePlaceholder()
    {
        Assert.Equal("[EMAIL_1] and [EMAIL_1]", Scan("joe@example.com and joe@example.com").Text);
        Assert.Equal("[EMAIL_2] cc [EMAIL_1]", Scan("ann@example.com cc JOE@example.com").Text);
    }

    [Fact]
    public void Scan_MapReloadedFromSerialisedForm_KeepsNumbering()
    {
        Scan("joe@example.com ann@example.com");
        var reloaded = DlpPlaceholderMap.Parse(_map.Serialise());

        var result = _scanner.Scan("new@example.com then ann@example.com", new DlpOptions(), reloaded);

        Assert.Equal("[EMAIL_3] then [EMAIL_2]", result.Text);
    }

    [Fact]
    public void Scan_CustomRegexRule_RedactsWithItsLabel()
    {
        var options = new DlpOptions
        {
            Custom = [new CustomDlpRule { Id = "ticket", Pattern = "PRJ-[0-9]{4}", Action = DlpAction.Redact, Label = "TICKET" }],
        };
        var result = Scan("see PRJ-1234 and PRJ-9876", options);

        Assert.Equal("see [TICKET_1] and [TICKET_2]", result.Text);
        Assert.Equal("Redacted: 2 items matched by a company rule.", result.DescribeForUser());
    }

    [Fact]
    public void Scan_CustomKeywordRule_BlocksWholeWordsCaseInsensitively()
    {
        var options = new DlpOptions
        {
            Custom = [new CustomDlpRule { Id = "falcon", Keywords = ["Project Falcon", "Falcon"] }],
        };

        var blocked = Scan("status of project falcon?", options);
        Assert.True(blocked.IsBlocked);
        Assert.Equal("falcon", blocked.BlockingRuleId);
        Assert.Equal("status of [CUSTOM_1]?", blocked.Text);

        Assert.False(Scan("falconry is a hobby", options).IsBlocked);
        Assert.True(Scan("ＦＡＬＣＯＮ launch", options).IsBlocked);
    }

    [Fact]
    public void Scan_CustomRuleTimesOut_FailsClosed()
    {
        var options = new DlpOptions
        {
            Custom = [new CustomDlpRule { Id = "slow", Pattern = "^(a|aa)+$", Action = DlpAction.Redact }],
        };
        var result = Scan(new string('a', 60) + "b", options);

        Assert.True(result.IsBlocked);
        Assert.Equal("slow", result.BlockingRuleId);
        Assert.True(Assert.Single(result.Detectors).Failed);
        Assert.Equal("Blocked: the message could not be fully checked.", result.DescribeForUser());
    }

    [Fact]
    public void Scan_UnvalidatedInvalidCustomLabel_FallsBackToCustomSoMapStaysParsable()
    {
        var options = new DlpOptions { Custom = [new CustomDlpRule { Id = "x", Keywords = ["falcon"], Label = "bad label|" }] };

        Assert.Equal("[CUSTOM_1]", Scan("falcon", options).Text);
        Assert.True(DlpPlaceholderMap.TryParse(_map.Serialise(), out _));
    }

    [Fact]
    public void Scan_UnvalidatedInvalidCustomPattern_FailsClosed()
    {
        var options = new DlpOptions { Custom = [new CustomDlpRule { Id = "broken", Pattern = "(unclosed" }] };
        var result = Scan("anything", options);

        Assert.True(result.IsBlocked);
        Assert.Equal("broken", result.BlockingRuleId);
    }

    [Fact]
    public void Scan_EverySecretDetector_BlocksByDefault()
    {
        var samples = new Dictionary<string, string>
        {
            ["aws_access_key"] = FakeSecrets.AwsAccessKeyId(),
            ["aws_secret_key"] = "aws_secret_access_key=" + FakeSecrets.AwsSecretKey(),
            ["azure_storage_key"] = FakeSecrets.AzureAccountKey(),
            ["github_token"] = FakeSecrets.GitHubToken(),
            ["gitlab_token"] = FakeSecrets.GitLabToken(),
            ["slack_token"] = FakeSecrets.SlackBotToken(),
            ["jwt"] = FakeSecrets.Jwt(),
            ["private_key"] = FakeSecrets.PrivateKeyPem(),
            ["password"] = "Server=db;Password=Winter2024;",
            ["api_key"] = "api_key: " + FakeSecrets.Base62(32, 3),
        };

        foreach (var (id, text) in samples)
        {
            var result = Scan(text);
            Assert.True(result.IsBlocked, id);
            Assert.Equal(id, result.BlockingRuleId);
        }
    }

    [Theory]
    [InlineData("4012888888881881", "[CARD_1]")]
    [InlineData("GB82 WEST 1234 5698 7654 32", "[IBAN_1]")]
    [InlineData("123-45-6789", "[SSN_1]")]
    [InlineData("joe@example.com", "[EMAIL_1]")]
    [InlineData("+44 20 7946 0958", "[PHONE_1]")]
    [InlineData("10.1.2.3", "[IP_1]")]
    [InlineData("2001:db8::1", "[IP_1]")]
    public void Scan_ValueIsWholeText_Redacted(string text, string expected) => Assert.Equal(expected, Scan(text).Text);

    [Fact]
    public void Scan_EveryPersonalDataDetector_RedactsByDefault()
    {
        var samples = new Dictionary<string, string>
        {
            ["credit_card"] = "4012888888881881",
            ["iban"] = "DE89370400440532013000",
            ["us_ssn"] = "123-45-6789",
            ["email"] = "joe@example.com",
            ["phone"] = "+44 20 7946 0958",
            ["ip_address"] = "10.1.2.3",
        };

        foreach (var (id, text) in samples)
        {
            var result = Scan($"value {text} end");
            Assert.Equal(DlpOutcome.Redacted, result.Outcome);
            Assert.Equal(id, Assert.Single(result.Findings).DetectorId);
            Assert.DoesNotContain(text, result.Text, StringComparison.Ordinal);
        }
    }
}
