using System.Globalization;

namespace TeamsBot.Cards;

/// <summary>Refusals by the tenant's policy. They name the rule, never a value from the message.</summary>
public static class PolicyCards
{
    public static AdaptiveCard TenantNotAllowed() =>
        BotCards.Problem("TeamsBot is not available for your organisation",
            "Your Microsoft Entra tenant is not on this TeamsBot's list of allowed tenants.",
            "If your organisation should have access, ask your IT team to add your tenant to Policy:AllowedTenants.");

    public static AdaptiveCard ScopeNotAllowed(string where) =>
        BotCards.Problem($"TeamsBot is turned off in {where}",
            $"Your organisation's policy does not allow TeamsBot in {where}.",
            "Chat with TeamsBot where it is allowed (for example in a 1:1 chat), or ask your IT team.");

    public static AdaptiveCard UserBlocked() =>
        BotCards.Problem("You can't use TeamsBot",
            "Your account is blocked from using TeamsBot by your organisation's policy.",
            "Ask your IT team if you think this is a mistake.");

    public static AdaptiveCard NotInAllowedGroup() =>
        BotCards.Problem("You don't have access to TeamsBot",
            "TeamsBot is available only to members of the groups your IT team chose, and you are not in one of them.",
            "Ask your IT team for access.");

    public static AdaptiveCard DirectoryUnavailable() =>
        BotCards.Problem("Your access could not be checked",
            "TeamsBot could not reach Microsoft Graph to check your group membership, so it did not answer.",
            "Try again in a few minutes. Your message was not sent to the model.");

    public static AdaptiveCard QuotaExhausted(string what, DateTime resetsAtUtc) =>
        BotCards.Problem("Daily limit reached",
            $"You have used {what} for today.",
            string.Create(CultureInfo.InvariantCulture,
                $"The limit resets at {resetsAtUtc:HH:mm} UTC ({resetsAtUtc:yyyy-MM-dd}). Ask your IT team if you need more."));

    public static AdaptiveCard QuotaWarning(string what, int percent) =>
        BotCards.Notice("You are close to your daily limit",
            string.Create(CultureInfo.InvariantCulture,
                $"You have used {percent}% of {what} for today. The limit resets at midnight UTC."));
}
