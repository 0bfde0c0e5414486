namespace TeamsBot.Cards;

public static class DlpCards
{
    /// <summary>Names the rule and what was found (kinds and counts), never the value.</summary>
    public static AdaptiveCard Blocked(string ruleId, string whatWasFound) =>
        BotCards.Problem("Your message was not sent",
            $"It matched the data protection rule **{ruleId}**. {whatWasFound}".TrimEnd(),
            "Remove the secret or sensitive data and send the message again. If you need to share it, use the "
            + "channel your organisation approves for it. Nothing of this message was sent to the model.");

    /// <summary>The model's answer contained something the answer rules withhold; names the rule, never the value.</summary>
    public static AdaptiveCard AnswerWithheld(string ruleId, string whatWasFound) =>
        BotCards.Problem("The answer was withheld",
            $"It matched the data protection rule **{ruleId}**. {whatWasFound}".TrimEnd(),
            "Nothing of this answer was kept. Ask again without asking for the data, or ask an administrator about "
            + "the rule.");

    /// <summary>A stored message without a DLP verdict (received before an upgrade) is not sent to the model.</summary>
    public static AdaptiveCard NotChecked() =>
        BotCards.Problem("Your message was not sent",
            "It arrived while TeamsBot was being updated and could not be checked for secrets and personal data.",
            "Please send it again. Nothing of this message was sent to the model.");
}
