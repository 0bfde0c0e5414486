using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.Dlp;
using TeamsBot.History;

namespace TeamsBot.Pipeline;

/// <summary>
/// Scans the message before anything reaches the model: secrets block the turn, personal data is replaced by
/// placeholders that stay stable within the conversation. What the model sees and what history keeps is the result.
/// </summary>
internal sealed class DlpStage(IDlpScanner scanner, IOptionsMonitor<DlpOptions> options, IConversationStore store)
    : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        // The tenant's own rules when it has them; the defaults otherwise (or before the policy stage ran).
        var policy = turn.Policy?.Dlp ?? options.CurrentValue;
        // A damaged stored map must not break every later turn of the conversation: start numbering afresh.
        if (!DlpPlaceholderMap.TryParse(await store.GetRedactionMapAsync(turn.ConversationId, cancellationToken),
                out var placeholders))
        {
            placeholders = new DlpPlaceholderMap();
        }

        int known = placeholders.Count;
        var result = scanner.Scan(turn.Text, policy, placeholders);
        turn.DlpOutcome = result.Mode == DlpMode.AuditOnly ? $"auditonly:{result.Outcome}" : result.Outcome.ToString();
        foreach (var detector in result.Detectors)
        {
            turn.Redactions[detector.DetectorId] = detector.Count;
        }

        // Saved on a block too: the stored (redacted) copy of the message uses these placeholders.
        if (placeholders.Count != known)
        {
            await store.SaveRedactionMapAsync(turn.ConversationId, placeholders.Serialise(), cancellationToken);
        }

        if (result.IsBlocked)
        {
            turn.Refuse("dlp." + result.BlockingRuleId);
            // The stored copy of the message must not keep the secret either: keep the redacted form.
            turn.Text = result.Text;
            await turn.Reply.SendCardAsync(DlpCards.Blocked(result.BlockingRuleId!, result.DescribeForUser()),
                cancellationToken);
            return;
        }

        turn.Text = result.Text;
        string note = result.DescribeForUser();
        if (note.Length > 0)
        {
            turn.Notes.Add(note);
        }

        await next(turn, cancellationToken);
    }
}
