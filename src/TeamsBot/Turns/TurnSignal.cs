namespace TeamsBot.Turns;

/// <summary>
/// Wakes this instance's worker: on receipt here (no poll latency for the common case), and when a slot frees. It
/// carries no work: the database is the only queue.
/// </summary>
internal sealed class TurnSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _waking = new();

    /// <summary>
    /// Remembers one wake-up until the worker waits; any number of reasons before then are that one wake-up. Called
    /// for every message: it releases only an unsignalled semaphore, so nothing is thrown and caught.
    /// </summary>
    public void Wake()
    {
        // Only Wake raises the count, and only under this lock: zero seen here is still zero (or taken) at Release.
        lock (_waking)
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
    }

    /// <summary>Returns when woken or after <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _wake.Dispose();
}
