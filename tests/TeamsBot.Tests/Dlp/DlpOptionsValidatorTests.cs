using Microsoft.Extensions.Configuration;
using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

public sealed class DlpOptionsValidatorTests
{
    [Fact]
    public void GetErrors_DefaultOptions_NoErrors() => Assert.Empty(DlpOptionsValidator.GetErrors(new DlpOptions()));

    [Fact]
    public void GetErrors_UnknownRuleKey_NamesKeyAndKnownDetectors()
    {
        var options = new DlpOptions { Rules = { ["foo"] = DlpAction.Block } };

        var error = Assert.Single(DlpOptionsValidator.GetErrors(options));

        Assert.StartsWith("Policy:Dlp:Rules:foo is not a known detector (known: anthropic_key, api_key, aws_access_key, ", error, StringComparison.Ordinal);
        Assert.Contains("us_ssn", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GetErrors_UndefinedAction_NamesKey()
    {
        var options = new DlpOptions { Rules = { ["email"] = (DlpAction)7 } };
        Assert.Equal(["Policy:Dlp:Rules:email must be Redact, Block or Allow."], DlpOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void GetErrors_InvalidCustomPattern_NamesIndexAndReason()
    {
        var options = new DlpOptions { Custom = [new CustomDlpRule { Id = "bad", Pattern = "([a-z" }] };

        var error = Assert.Single(DlpOptionsValidator.GetErrors(options));

        Assert.StartsWith("Policy:Dlp:Custom:0:Pattern is not a valid regular expression: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GetErrors_CustomRuleWithoutPatternOrKeywords_Reported()
    {
        var options = new DlpOptions { Custom = [new CustomDlpRule { Id = "empty" }] };
        Assert.Equal(["Policy:Dlp:Custom:0 needs a Pattern or Keywords."], DlpOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void GetErrors_CustomRuleProblems_EachNamesItsKey()
    {
        var options = new DlpOptions
        {
            Custom =
            [
                new CustomDlpRule { Id = "ok", Keywords = ["x"] },
                new CustomDlpRule { Id = "", Keywords = ["x"] },
                new CustomDlpRule { Id = "OK", Keywords = ["x"] },
                new CustomDlpRule { Id = "email", Keywords = ["x"] },
                new CustomDlpRule { Id = "bad id!", Keywords = ["x"] },
                new CustomDlpRule { Id = "k", Keywords = ["x", " "] },
                new CustomDlpRule { Id = "l", Keywords = ["x"], Label = "lower" },
                new CustomDlpRule { Id = "e", Pattern = "a*" },
                new CustomDlpRule { Id = "a", Keywords = ["x"], Action = (DlpAction)9 },
            ],
        };

        Assert.Equal(
            [
                "Policy:Dlp:Custom:1:Id is required.",
                "Policy:Dlp:Custom:2:Id 'OK' is already used by Policy:Dlp:Custom:0.",
                "Policy:Dlp:Custom:3:Id 'email' is already used by a built-in detector.",
                "Policy:Dlp:Custom:4:Id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.",
                "Policy:Dlp:Custom:5:Keywords:1 is empty.",
                "Policy:Dlp:Custom:6:Label must be 1-32 characters of A-Z, 0-9 or '_', starting with a letter.",
                "Policy:Dlp:Custom:7:Pattern matches the empty string.",
                "Policy:Dlp:Custom:8:Action must be Redact, Block or Allow.",
            ],
            DlpOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void GetErrors_TenantOverrideSection_MessagesUseThatPath()
    {
        var options = new DlpOptions { Rules = { ["foo"] = DlpAction.Block } };
        var error = Assert.Single(DlpOptionsValidator.GetErrors(options, "Policy:Tenants:contoso:Dlp"));
        Assert.StartsWith("Policy:Tenants:contoso:Dlp:Rules:foo is not a known detector", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidOptions_FailsWithMessages()
    {
        var result = new DlpOptionsValidator().Validate(null, new DlpOptions { Rules = { ["nope"] = DlpAction.Allow } });
        Assert.True(result.Failed);
        Assert.Contains("Policy:Dlp:Rules:nope", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void GetErrors_AnswerRules_DetectorsAndCustomRuleIdsAcceptedOthersNamed()
    {
        var options = new DlpOptions
        {
            Custom = [new CustomDlpRule { Id = "falcon", Keywords = ["Falcon"] }],
            AnswerRules = new()
            {
                ["CREDIT_CARD"] = DlpAction.Block,
                ["falcon"] = DlpAction.Allow,
                ["cards"] = DlpAction.Redact,
                ["email"] = (DlpAction)9,
            },
        };

        var errors = DlpOptionsValidator.GetErrors(options, "Policy:Tenants:contoso:Dlp");

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Policy:Tenants:contoso:Dlp:AnswerRules:cards is neither a known detector (known: anthropic_key, ",
            errors[0], StringComparison.Ordinal);
        Assert.EndsWith("nor the id of a rule in Policy:Tenants:contoso:Dlp:Custom.", errors[0], StringComparison.Ordinal);
        Assert.Equal("Policy:Tenants:contoso:Dlp:AnswerRules:email must be Redact, Block or Allow.", errors[1]);
    }

    [Fact]
    public void Bind_AnswerRules_CaseInsensitiveAndRedactForEveryDetectorNotNamed()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Policy:Dlp:Rules:email"] = "Block",
                ["Policy:Dlp:AnswerRules:Credit_Card"] = "Block",
                ["Policy:Dlp:AnswerRules:phone"] = "allow",
            })
            .Build();

        var options = new DlpOptions();
        configuration.GetSection(DlpOptions.SectionName).Bind(options);
        var answers = options.ForAnswers();

        Assert.Equal(DlpAction.Block, answers.Rules["credit_card"]);
        Assert.Equal(DlpAction.Allow, answers.Rules["PHONE"]);
        Assert.Equal(DlpAction.Redact, answers.Rules["email"]);
        Assert.Equal(DlpAction.Redact, answers.Rules["github_token"]);
        Assert.Empty(DlpOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void Bind_ConfigurationSection_BindsModeRulesCaseInsensitivelyAndCustomRules()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Policy:Dlp:Mode"] = "AuditOnly",
                ["Policy:Dlp:Rules:EMAIL"] = "Allow",
                ["Policy:Dlp:Rules:phone"] = "block",
                ["Policy:Dlp:Custom:0:Id"] = "falcon",
                ["Policy:Dlp:Custom:0:Keywords:0"] = "Falcon",
                ["Policy:Dlp:Custom:0:Action"] = "Redact",
                ["Policy:Dlp:Custom:0:Label"] = "PROJECT",
            })
            .Build();

        var options = new DlpOptions();
        configuration.GetSection(DlpOptions.SectionName).Bind(options);

        Assert.Equal(DlpMode.AuditOnly, options.Mode);
        Assert.Equal(DlpAction.Allow, options.Rules["email"]);
        Assert.Equal(DlpAction.Block, options.Rules["PHONE"]);
        var rule = Assert.Single(options.Custom);
        Assert.Equal(("falcon", DlpAction.Redact, "PROJECT"), (rule.Id, rule.Action, rule.Label));
        Assert.Equal(["Falcon"], rule.Keywords);
        Assert.Empty(DlpOptionsValidator.GetErrors(options));
    }
}
