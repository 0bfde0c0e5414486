using TeamsBot.Cards;

namespace TeamsBot.Pipeline;

/// <summary>Every later decision is about a user in a tenant: without both, nothing else runs.</summary>
public sealed class IdentityStage : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (string.IsNullOrWhiteSpace(turn.TenantId) || string.IsNullOrWhiteSpace(turn.UserId))
        {
            turn.Refuse("identity.missing");
            await turn.Reply.SendCardAsync(BotCards.UnknownUser(), cancellationToken);
            return;
        }

        await next(turn, cancellationToken);
    }
}
