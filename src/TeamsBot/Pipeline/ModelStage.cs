using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.Model;

namespace TeamsBot.Pipeline;

/// <summary>
/// Asks the private model, streaming its answer to the reply channel as it comes. Every way that can fail ends in a
/// card that says what happened (which also replaces any partly streamed text).
/// </summary>
public sealed partial class ModelStage(IChatClient chat, ITokenCounter tokens, IOptionsMonitor<ModelOptions> model,
    ILogger<ModelStage> logger) : ITurnStage
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
        ModelFailure? failure;
        try
        {
            await turn.Reply.BeginAnswerAsync(cancellationToken);
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
                turn.Answer = response.Text;
                turn.AnswerTokens = tokens.Count(response.Text);
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

        await next(turn, cancellationToken);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information,
        Message = "Turn {TurnId} answered by the model in {ElapsedMs:F0} ms (tokens in {InputTokens}, out {OutputTokens})")]
    private partial void LogAnswered(long turnId, double elapsedMs, long? inputTokens, long? outputTokens);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: model call failed ({Kind}, HTTP {Status}) after {ElapsedMs:F0} ms")]
    private partial void LogFailed(long turnId, ModelFailureKind kind, int? status, double elapsedMs);
}
