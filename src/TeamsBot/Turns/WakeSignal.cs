namespace TeamsBot.Turns;

/// <summary>
/// Wakes one background worker of this instance early. It carries no work: the database is the queue, and the worker
/// also polls it, so a wake-up is only a shortcut.
/// </summary>
internal abstract class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _waking = new();

    /// <summary>
    /// Remembers one wake-up until the worker waits; any number of reasons before then are that one wake-up. The turn
    /// worker's is woken for every message: only an unsignalled semaphore is released, so nothing is thrown and
    /// caught.
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

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _wake.Dispose();
        }
    }
}
