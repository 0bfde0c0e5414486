using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Model;

namespace TeamsBot.Pipeline;

/// <summary>
/// Asks the private model, streaming its answer to the reply channel as it comes. The answer is scanned by DLP before
/// any of it is shown, stored or used as context: each stream update shows only the scanned, complete part of the
/// text so far, and the complete answer is redacted (or withheld) by the tenant's answer rules. Every way that can
/// fail ends in a card that says what happened (which also replaces any partly streamed text).
/// </summary>
internal sealed partial class ModelStage(IChatClient chat, ITokenCounter tokens, IOptionsMonitor<ModelOptions> model,
    IDlpScanner scanner, IOptionsMonitor<DlpOptions> dlp, IConversationStore store, ILogger<ModelStage> logger)
    : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var options = model.CurrentValue;
        var chatOptions = new ChatOptions
        {
            MaxOutputTokens = options.MaxOutputTokens,
            Temperature = options.Temperature,
        };
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        // The tenant's own rules when it has them; the defaults otherwise (or before the policy stage ran).
        var policy = turn.Policy?.Dlp ?? dlp.CurrentValue;
        // A damaged stored map must not break the conversation: start numbering afresh, as the question's scan does.
        if (!DlpPlaceholderMap.TryParse(await store.GetRedactionMapAsync(turn.ConversationId, cancellationToken),
                out var placeholders))
        {
            placeholders = new DlpPlaceholderMap();
        }

        int knownValues = placeholders.Count;
        var redactor = new AnswerRedactor(scanner, policy, placeholders);
        ModelFailure? failure;
        DlpScanResult? scan = null;
        try
        {
            await turn.Reply.BeginAnswerAsync(redactor.VisiblePart, cancellationToken);
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in chat.GetStreamingResponseAsync(turn.Prompt, chatOptions, timeout.Token))
            {
                updates.Add(update);
                if (update.Text is { Length: > 0 } text)
                {
                    await turn.Reply.AppendAnswerAsync(text, cancellationToken);
                }
            }

            var response = updates.ToChatResponse();
            turn.Usage = response.Usage;
            // A filtered answer arrives as a normal stream whose last chunk says content_filter: never show it.
            failure = response.FinishReason == ChatFinishReason.ContentFilter
                ? new ModelFailure(ModelFailureKind.AnswerFiltered)
                : null;
            if (failure is null)
            {
                scan = redactor.Complete(response.Text);
                double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogAnswered(turn.TurnId, elapsedMs, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = new ModelFailure(ModelFailureKind.Timeout);
        }
        catch (Exception exception) when (ModelFailure.From(exception) is { } known)
        {
            failure = known;
        }

        if (failure is not null)
        {
            double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(turn.TurnId, failure.Kind, failure.Status, elapsedMs);
            turn.Fail("model." + failure.Kind.ToString().ToLowerInvariant());
            await turn.Reply.SendCardAsync(ModelFailureCards.For(failure), cancellationToken);
            return;
        }

        if (!await ApplyAnswerScanAsync(turn, scan!, placeholders, knownValues, cancellationToken))
        {
            return;
        }

        await next(turn, cancellationToken);
    }

    /// <summary>
    /// Keeps the scanned answer (and the conversation's new placeholders) and counts its findings for the audit record.
    /// False when the answer is withheld: the user gets a card instead, and nothing of the answer is kept.
    /// </summary>
    private async Task<bool> ApplyAnswerScanAsync(TurnRequest turn, DlpScanResult scan, DlpPlaceholderMap placeholders,
        int knownValues, CancellationToken cancellationToken)
    {
        turn.AnswerDlpOutcome = scan.Mode == DlpMode.AuditOnly ? $"auditonly:{scan.Outcome}" : scan.Outcome.ToString();
        foreach (var detector in scan.Detectors)
        {
            turn.AnswerRedactions[detector.DetectorId] = detector.Count;
        }

        if (scan.Outcome != DlpOutcome.Clean)
        {
            LogAnswerScanned(turn.TurnId, scan.Outcome, scan.Findings.Count);
        }

        if (scan.IsBlocked)
        {
            turn.Refuse("dlp.answer." + scan.BlockingRuleId);
            await turn.Reply.SendCardAsync(
                DlpCards.AnswerWithheld(scan.BlockingRuleId!, scan.DescribeForUser("answer")), cancellationToken);
            return false;
        }

        // Only a kept answer can refer to new placeholders, so a withheld one adds none to the conversation's map.
        if (placeholders.Count != knownValues)
        {
            await store.SaveRedactionMapAsync(turn.ConversationId, placeholders.Serialise(), cancellationToken);
        }

        turn.Answer = scan.Text;
        turn.AnswerTokens = tokens.Count(scan.Text);
        string note = scan.DescribeForUser("answer");
        if (note.Length > 0)
        {
            turn.Notes.Add("Answer " + char.ToLowerInvariant(note[0]) + note[1..]);
        }

        return true;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information,
        Message = "Turn {TurnId} answered by the model in {ElapsedMs:F0} ms (tokens in {InputTokens}, out {OutputTokens})")]
    private partial void LogAnswered(long turnId, double elapsedMs, long? inputTokens, long? outputTokens);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: model call failed ({Kind}, HTTP {Status}) after {ElapsedMs:F0} ms")]
    private partial void LogFailed(long turnId, ModelFailureKind kind, int? status, double elapsedMs);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information,
        Message = "Turn {TurnId}: DLP found {Count} values in the answer ({Outcome})")]
    private partial void LogAnswerScanned(long turnId, DlpOutcome outcome, int count);
}
