using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

public sealed class AnswerRedactorTests
{
    private const string Card = "4012 8888 8888 1881";
    private const string Email = "ann.example@contoso.com";
    private static readonly string AwsKey = FakeSecrets.AwsAccessKeyId(3);

    private static string AnswerWithSecrets() =>
        $"Here is what you asked for.\nThe card on file is {Card} and the key is {AwsKey} while the person to ask is "
        + $"{Email} for questions.\nThat is all.";

    [Fact]
    public void VisiblePart_EveryPrefixOfTheAnswer_NeverShowsAnyPartOfASecret()
    {
        string answer = AnswerWithSecrets();
        var redactor = new AnswerRedactor(new DlpScanner(), new DlpOptions(), new DlpPlaceholderMap());

        for (int length = 0; length <= answer.Length; length++)
        {
            string visible = redactor.VisiblePart(answer[..length]);

            AssertNoPartOf(visible, Card.Replace(" ", string.Empty, StringComparison.Ordinal), length);
            AssertNoPartOf(visible, Card, length);
            AssertNoPartOf(visible, AwsKey, length);
            AssertNoPartOf(visible, Email, length);
        }
    }

    [Fact]
    public void VisiblePart_PrivateKeyInShortLines_NoKeyMaterialShownAtAnyPoint()
    {
        // Short lines: the detector recognises a block without its END line only after some key material.
        string material = FakeSecrets.Base64(128, seed: 5);
        var lines = Enumerable.Range(0, 8).Select(i => material.Substring(i * 16, 16)).ToArray();
        string answer = "Here is a key:\n-----BEGIN RSA PRIVATE KEY-----\n" + string.Join('\n', lines)
            + "\n-----END RSA PRIVATE KEY-----\nKeep it safe.";
        var redactor = new AnswerRedactor(new DlpScanner(), new DlpOptions(), new DlpPlaceholderMap());

        for (int length = 0; length <= answer.Length; length++)
        {
            string visible = redactor.VisiblePart(answer[..length]);

            AssertNoPartOf(visible, material, length);
            foreach (string line in lines)
            {
                AssertNoPartOf(visible, line, length);
            }
        }

        Assert.Equal("Here is a key:\n[PRIVATE_KEY_1]\nKeep it safe. ", redactor.VisiblePart(answer + " "));
    }

    [Fact]
    public void VisiblePart_AnswerComplete_ShowsItRedactedWithTheNumbersTheCompleteScanGives()
    {
        string answer = AnswerWithSecrets();
        var placeholders = new DlpPlaceholderMap();
        placeholders.GetPlaceholder("EMAIL", "someone.else@contoso.com");
        var redactor = new AnswerRedactor(new DlpScanner(), new DlpOptions(), placeholders);

        string visible = redactor.VisiblePart(answer + "\n");
        var complete = redactor.Complete(answer);

        Assert.Equal(
            "Here is what you asked for.\nThe card on file is [CARD_1] and the key is [AWS_KEY_1] while the person to ask is "
            + "[EMAIL_2] for questions.\nThat is all.\n", visible);
        Assert.Equal(visible.TrimEnd('\n'), complete.Text);
        Assert.Equal(4, placeholders.Count);
    }

    [Fact]
    public void VisiblePart_WhileStreaming_LeavesTheConversationsPlaceholdersAlone()
    {
        var placeholders = new DlpPlaceholderMap();
        var redactor = new AnswerRedactor(new DlpScanner(), new DlpOptions(), placeholders);

        string visible = redactor.VisiblePart($"Write to {Email} today");

        Assert.Equal("Write to [EMAIL_1] ", visible);
        Assert.Equal(0, placeholders.Count);
    }

    [Fact]
    public void VisiblePart_FindingThatWithholdsTheAnswer_ShowsOnlyTheTextBeforeIt()
    {
        var options = new DlpOptions { AnswerRules = new() { ["aws_access_key"] = DlpAction.Block } };
        var redactor = new AnswerRedactor(new DlpScanner(), options, new DlpPlaceholderMap());

        string visible = redactor.VisiblePart($"Mail {Email} then use {AwsKey} and more words here ");

        Assert.Equal("Mail [EMAIL_1] then use ", visible);
    }

    [Fact]
    public void Complete_PlaceholdersRepeatedFromThePrompt_LeftAsTheyAre()
    {
        var placeholders = new DlpPlaceholderMap();
        placeholders.GetPlaceholder("EMAIL", Email);
        placeholders.GetPlaceholder("CARD", "4012888888881881");
        var redactor = new AnswerRedactor(new DlpScanner(), new DlpOptions(), placeholders);
        const string answer = "I wrote to [EMAIL_1] about [CARD_1]; [EMAIL_1] confirmed.";

        var result = redactor.Complete(answer);

        Assert.Equal(answer, result.Text);
        Assert.Equal(DlpOutcome.Clean, result.Outcome);
        Assert.Equal(answer + " ", redactor.VisiblePart(answer + " "));
    }

    [Fact]
    public void Complete_AnswerRules_RedactByDefaultAllowAndBlockWhenConfigured()
    {
        var options = new DlpOptions
        {
            // The question's rule must not apply to answers: answer rules are their own.
            Rules = new() { ["email"] = DlpAction.Block },
            AnswerRules = new() { ["EMAIL"] = DlpAction.Allow, ["credit_card"] = DlpAction.Block },
        };

        var redacted = new AnswerRedactor(new DlpScanner(), options, new DlpPlaceholderMap())
            .Complete($"key {AwsKey}, mail {Email}");
        var blocked = new AnswerRedactor(new DlpScanner(), options, new DlpPlaceholderMap())
            .Complete($"card {Card}");

        Assert.Equal($"key [AWS_KEY_1], mail {Email}", redacted.Text);
        Assert.False(redacted.IsBlocked);
        Assert.True(blocked.IsBlocked);
        Assert.Equal("credit_card", blocked.BlockingRuleId);
    }

    [Fact]
    public void Complete_CustomRule_RedactedInAnswersUnlessItsAnswerRuleSaysOtherwise()
    {
        var rule = new CustomDlpRule { Id = "project-falcon", Keywords = ["Falcon"], Label = "PROJECT" };
        var redacted = new DlpOptions { Custom = [rule] };
        var blocked = new DlpOptions { Custom = [rule], AnswerRules = new() { ["project-falcon"] = DlpAction.Block } };

        var redactedResult = new AnswerRedactor(new DlpScanner(), redacted, new DlpPlaceholderMap())
            .Complete("Falcon ships soon");
        var blockedResult = new AnswerRedactor(new DlpScanner(), blocked, new DlpPlaceholderMap())
            .Complete("Falcon ships soon");

        Assert.Equal("[PROJECT_1] ships soon", redactedResult.Text);
        Assert.Equal("project-falcon", blockedResult.BlockingRuleId);
    }

    [Fact]
    public void Complete_AuditOnly_AnswerUnchangedButFindingsCounted()
    {
        var options = new DlpOptions { Mode = DlpMode.AuditOnly };
        var redactor = new AnswerRedactor(new DlpScanner(), options, new DlpPlaceholderMap());

        var result = redactor.Complete($"mail {Email}");

        Assert.Equal($"mail {Email}", result.Text);
        Assert.Equal(1, Assert.Single(result.Detectors).Count);
        Assert.Equal($"mail {Email} ", redactor.VisiblePart($"mail {Email} "));
    }

    /// <summary>No four characters in a row of the secret appear in what was shown.</summary>
    private static void AssertNoPartOf(string visible, string secret, int prefixLength)
    {
        for (int i = 0; i + 4 <= secret.Length; i++)
        {
            string part = secret.Substring(i, 4);
            Assert.False(visible.Contains(part, StringComparison.Ordinal),
                $"After {prefixLength} characters the stream showed '{part}' of a secret: {visible}");
        }
    }
}
