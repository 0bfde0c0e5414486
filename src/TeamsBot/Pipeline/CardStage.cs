using TeamsBot.Cards;

namespace TeamsBot.Pipeline;

/// <summary>Turns the model's answer into the answer card, labelled as AI generated.</summary>
public sealed class CardStage : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        string? note = turn.Notes.Count == 0 ? null : string.Join(" · ", turn.Notes);
        await turn.Reply.SendCardAsync(BotCards.Answer(turn.Answer ?? string.Empty, note), aiGenerated: true,
            cancellationToken);
        turn.MarkAnswered();
        await next(turn, cancellationToken);
    }
}
