using Microsoft.Extensions.Options;
using TeamsBot.Cards;

namespace TeamsBot.Pipeline;

/// <summary>Empty messages get help; oversized ones a card, before any tokens are counted or spent.</summary>
public sealed class InputStage(IOptionsMonitor<LimitsOptions> limits) : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        turn.Text = turn.Text.Trim();
        if (turn.Text.Length == 0)
        {
            turn.Refuse("input.empty");
            await turn.Reply.SendCardAsync(BotCards.EmptyMessage(), cancellationToken);
            return;
        }

        int limit = limits.CurrentValue.MaxInputChars;
        if (turn.Text.Length > limit)
        {
            turn.Refuse("input.too_long");
            await turn.Reply.SendCardAsync(BotCards.MessageTooLong(turn.Text.Length, limit), cancellationToken);
            return;
        }

        await next(turn, cancellationToken);
    }
}
