using System.Globalization;
using TeamsBot.Lifecycle;

namespace TeamsBot.Cards;

/// <summary>Answers to the admin's legal-hold commands in Teams.</summary>
public static class LifecycleCards
{
    /// <summary>Holds a card lists; the command line lists them all.</summary>
    internal const int MaxListed = 20;

    public static AdaptiveCard HoldPlaced(LegalHoldRecord hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return BotCards.Notice(string.Create(CultureInfo.InvariantCulture, $"Legal hold {hold.Id} placed"),
            $"Everything stored of {HoldCommand.Target(hold)} is kept through retention and \"forget me\" until you lift it with **hold lift {hold.Id}**. The audit log records it.");
    }

    public static AdaptiveCard HoldLifted(LegalHoldRecord hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return BotCards.Notice(string.Create(CultureInfo.InvariantCulture, $"Legal hold {hold.Id} lifted"),
            $"What was kept for {HoldCommand.Target(hold)} follows retention and \"forget me\" again. The audit log records it.");
    }

    public static AdaptiveCard NoSuchHold(long id) =>
        BotCards.Notice("No such hold", string.Create(CultureInfo.InvariantCulture,
            $"Your organisation has no hold {id}. Type **holds** to list them."));

    public static AdaptiveCard Holds(IReadOnlyList<LegalHoldRecord> holds)
    {
        ArgumentNullException.ThrowIfNull(holds);
        if (holds.Count == 0)
        {
            return BotCards.Notice("No legal holds", "Nothing is held in your organisation.");
        }

        var facts = holds.Take(MaxListed).Select(h => new Fact(
            string.Create(CultureInfo.InvariantCulture, $"{h.Id}"),
            string.Create(CultureInfo.InvariantCulture, $"{HoldCommand.Target(h)} · {h.PlacedAt:yyyy-MM-dd} · {h.Reason}")));
        var body = new List<CardElement>
        {
            new TextBlock(string.Create(CultureInfo.InvariantCulture, $"Legal holds in force: {holds.Count}")) { Weight = "Bolder" },
            new FactSet([.. facts]),
        };
        if (holds.Count > MaxListed)
        {
            body.Add(new TextBlock("More are listed by the `hold list` command line.") { IsSubtle = true, Size = "Small" });
        }

        return new AdaptiveCard { Body = body, MsTeams = new TeamsCardProperties() };
    }

    public static AdaptiveCard HoldUsage() =>
        BotCards.Notice("Legal hold commands",
            "**hold user <Entra object id> <reason>** · **hold conversation <conversation id> <reason>** · **hold lift <id>** · **holds**");
}
