using TeamsBot.Cards;

namespace TeamsBot.Pipeline;

/// <summary>How stages talk back to the user; implemented over the Bot Framework turn in Bot/.</summary>
public interface IReplyChannel
{
    /// <summary>Sends a card. <paramref name="aiGenerated"/> adds Teams' "AI generated" label.</summary>
    Task SendCardAsync(AdaptiveCard card, bool aiGenerated, CancellationToken cancellationToken);
}
