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
/// acknowledgement, so Teams delivers the activity again. Background work asks the door when no request is under way
/// (<see cref="WhenQuietAsync"/>), so that a burst is acknowledged before it takes the cores.
/// </summary>
internal sealed class RequestDoor : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly TimeSpan _receiptsFirstFor;
    private readonly Lock _counting = new();

    /// <summary>Requests waiting at the door or inside: guarded by <see cref="_counting"/>.</summary>
    private int _present;

    /// <summary>Completed when <see cref="_present"/> falls to zero; null while nobody waits for that.</summary>
    private TaskCompletionSource? _quiet;

    public RequestDoor(IOptions<LimitsOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _receiptsFirstFor = limits.Value.ReceiptsFirstFor;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.Value.MaxConcurrentRequests,
            QueueLimit = limits.Value.MaxQueuedRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// A lease to dispose when the request is done, acquired or not (not acquired when the queue is full): until then
    /// the request counts as present.
    /// </summary>
    public async ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken)
    {
        lock (_counting)
        {
            _present++;
        }

        try
        {
            return new Visit(this, await _limiter.AcquireAsync(1, cancellationToken));
        }
        catch
        {
            Leave();
            throw;
        }
    }

    /// <summary>
    /// Completes when no request is at the door or inside, or after <see cref="LimitsOptions.ReceiptsFirstFor"/>,
    /// whichever comes first; at once when the door is empty. Background work that can wait a moment (a new turn, a
    /// typing indicator) awaits this first. True when the door emptied; never throws: a cancelled wait just ends.
    /// </summary>
    public async Task<bool> WhenQuietAsync(CancellationToken cancellationToken)
    {
        Task quiet;
        lock (_counting)
        {
            if (_present == 0)
            {
                return true;
            }

            _quiet ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            quiet = _quiet.Task;
        }

        return await Task.WhenAny(quiet, Task.Delay(_receiptsFirstFor, cancellationToken)) == quiet;
    }

    public void Dispose() => _limiter.Dispose();

    private void Leave()
    {
        TaskCompletionSource? quiet = null;
        lock (_counting)
        {
            if (--_present == 0)
            {
                quiet = _quiet;
                _quiet = null;
            }
        }

        quiet?.TrySetResult();
    }

    /// <summary>The limiter's lease, and the request's presence until it is disposed.</summary>
    private sealed class Visit(RequestDoor door, RateLimitLease lease) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => lease.IsAcquired;

        public override IEnumerable<string> MetadataNames => lease.MetadataNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata) =>
            lease.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lease.Dispose();
                door.Leave();
            }

            base.Dispose(disposing);
        }
    }
}
