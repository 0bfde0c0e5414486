using TeamsBot.Cards;

namespace TeamsBot.Pipeline;

/// <summary>
/// Carries what DLP decided at receipt into the turn: the outcome and counts for the audit record, and the note shown
/// under the answer. The scan itself ran before the message was stored (secrets blocked there, personal data
/// replaced by placeholders that stay stable within the conversation), so the text here is already redacted and is
/// not scanned again.
/// </summary>
public sealed class DlpStage : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (turn.ReceiptDlp is not { } verdict || verdict.IsBlocked)
        {
            // Stored unscanned by an older version (or blocked, which receipt answers itself): fail closed, and
            // blank the stored text so that whatever it held does not stay.
            turn.Refuse("dlp.not_scanned");
            turn.Text = string.Empty;
            await turn.Reply.SendCardAsync(DlpCards.NotChecked(), cancellationToken);
            return;
        }

        turn.DlpOutcome = verdict.Outcome;
        foreach (var (detector, count) in verdict.Redactions)
        {
            turn.Redactions[detector] = count;
        }

        if (verdict.Note is { } note)
        {
            turn.Notes.Add(note);
        }

        await next(turn, cancellationToken);
    }
}
