using TeamsBot.Cards;
using TeamsBot.Pipeline;

namespace TeamsBot.Tests.TestUtils;

/// <summary>A reply channel that records what a stage sent.</summary>
public sealed class RecordingReplyChannel : IReplyChannel
{
    public List<(AdaptiveCard Card, bool AiGenerated)> Cards { get; } = [];

    public AdaptiveCard SingleCard => Assert.Single(Cards).Card;

    public Task SendCardAsync(AdaptiveCard card, bool aiGenerated, CancellationToken cancellationToken)
    {
        Cards.Add((card, aiGenerated));
        return Task.CompletedTask;
    }
}
