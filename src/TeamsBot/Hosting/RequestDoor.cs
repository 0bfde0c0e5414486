using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TeamsBot.Pipeline;

namespace TeamsBot.Hosting;

/// <summary>
/// How many requests to /api/messages this instance works on at once; the others wait at the door, oldest first,
/// before their bodies are read. Two cores answer a burst no faster with a thousand requests under way than with
/// sixteen, but every request under way holds its activity, token, context and buffers across each await, and the
/// collections promote all of it to the heap's oldest generation, where it outlives the burst. At the door a
/// request costs only its connection. Past the queue's limit a request is refused with 503 and Retry-After: no
/// acknowledgement, so Teams delivers the activity again.
/// </summary>
internal sealed class RequestDoor : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public RequestDoor(IOptions<LimitsOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.Value.MaxConcurrentRequests,
            QueueLimit = limits.Value.MaxQueuedRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A lease to dispose when the request is done; not acquired when the queue is full.</summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken) =>
        _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}
