namespace TeamsBot.Pipeline;

/// <summary>Sends the model's answer: the answer card, labelled as AI generated, with feedback buttons.</summary>
public sealed class CardStage : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        string? note = turn.Notes.Count == 0 ? null : string.Join(" · ", turn.Notes);
        await turn.Reply.SendAnswerAsync(turn.Answer ?? string.Empty, note, cancellationToken);
        turn.MarkAnswered();
        await next(turn, cancellationToken);
    }
}
