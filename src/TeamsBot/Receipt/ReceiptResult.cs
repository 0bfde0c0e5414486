using TeamsBot.Cards;

namespace TeamsBot.Receipt;

/// <summary>How receipt ended: stored to be answered (a turn id), a re-delivery, or refused with a card to send now.</summary>
public sealed record ReceiptResult(long? TurnId, AdaptiveCard? Refusal)
{
    public static ReceiptResult Duplicate { get; } = new(null, null);
}
