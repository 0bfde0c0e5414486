using System.ClientModel.Primitives;

namespace TeamsBot.Model;

/// <summary>
/// The SDK retries 408/429/5xx and honours a Retry-After of any length. A person is waiting in Teams, so a wait
/// longer than <c>Model:MaxRetryDelay</c> is not retried in the turn: it opens the circuit breaker
/// (<see cref="ModelCircuitBreaker"/>), and the message waits for the model instead.
/// </summary>
internal sealed class CappedRetryPolicy(int maxRetries, TimeSpan maxDelay) : ClientRetryPolicy(maxRetries)
{
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) && !WaitsTooLong(message);

    protected override ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
        ValueTask.FromResult(ShouldRetry(message, exception));

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        var delay = base.GetNextDelay(message, tryCount);
        return delay > maxDelay ? maxDelay : delay;
    }

    private bool WaitsTooLong(PipelineMessage message) =>
        message.Response is { } response && ModelFailure.RetryAfterOf(response) is { } wait && wait > maxDelay;
}
