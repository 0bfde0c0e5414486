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
/// fail ends in a card that says what happened (which also replaces any partly streamed text). While the model refuses
/// requests (the circuit breaker is open) the turn is not sent at all: it waits for the model, and the user is told
/// once that the answer will follow.
/// </summary>
internal sealed partial class ModelStage(IChatClient chat, ITokenCounter tokens, IOptionsMonitor<ModelOptions> model,
    IDlpScanner scanner, IOptionsMonitor<DlpOptions> dlp, IConversationStore store, ModelCircuitBreaker breaker,
    TimeProvider clock, ILogger<ModelStage> logger)
    : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var permit = breaker.TryAcquire();
        if (!permit.Allowed)
        {
            await WaitForModelAsync(turn, permit.RetryAt, cancellationToken);
            return;
        }

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
        ModelFailure? failure = null;
        DlpScanResult? scan = null;
        bool reported = false;
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
            breaker.Succeeded();
            reported = true;
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
        finally
        {
            // Shutdown or a bug ended the call before the model said anything: the probe (if this was it) is void.
            if (!reported && failure is null)
            {
                breaker.Abandoned(permit);
            }
        }

        if (failure is not null)
        {
            double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(turn.TurnId, failure.Kind, failure.Status, elapsedMs);
            if (!reported && breaker.Failed(permit, failure) is { } probeDue)
            {
                await WaitForModelAsync(turn, probeDue, cancellationToken);
                return;
            }

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
    /// The model is refusing requests: the turn waits, unanswered, for the next probe (telling the user once), unless it
    /// has waited <c>Model:OutageWait</c> since it was received; then the user gets a card saying it is not answered.
    /// </summary>
    private async Task WaitForModelAsync(TurnRequest turn, DateTimeOffset probeDue, CancellationToken cancellationToken)
    {
        var outageWait = model.CurrentValue.OutageWait;
        var giveUpAt = new DateTimeOffset(DateTime.SpecifyKind(turn.ReceivedAt, DateTimeKind.Utc)) + outageWait;
        if (clock.GetUtcNow() >= giveUpAt)
        {
            LogGaveUp(turn.TurnId, outageWait.TotalMinutes);
            turn.Fail("model.unavailable");
            await turn.Reply.SendCardAsync(ModelFailureCards.OutageWaitOver(outageWait), cancellationToken);
            return;
        }

        if (!turn.WaitNoticeSent)
        {
            await turn.Reply.SendCardAsync(ModelFailureCards.WaitingForModel(outageWait), cancellationToken);
            turn.WaitNoticeSent = true;
        }

        // Awake at the wait's end even if the breaker is still open then, to send the card that says so.
        var until = probeDue < giveUpAt ? probeDue : giveUpAt;
        LogDeferred(turn.TurnId, until);
        turn.Defer(until, "model.unavailable");
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

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information,
        Message = "Turn {TurnId} waits for the model (circuit breaker open) until {Until:u}")]
    private partial void LogDeferred(long turnId, DateTimeOffset until);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: the model stayed unavailable for the whole wait ({WaitMinutes:F0} min); the user is told")]
    private partial void LogGaveUp(long turnId, double waitMinutes);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information,
        Message = "Turn {TurnId}: DLP found {Count} values in the answer ({Outcome})")]
    private partial void LogAnswerScanned(long turnId, DlpOutcome outcome, int count);
}
