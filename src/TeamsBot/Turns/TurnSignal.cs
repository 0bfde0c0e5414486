namespace TeamsBot.Turns;

/// <summary>
/// Wakes this instance's worker: on receipt here (no poll latency for the common case), and when a slot frees. It
/// carries no work: the database is the only queue.
/// </summary>
internal sealed class TurnSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one wake-up covers any number of reasons.
        }
    }

    /// <summary>Returns when woken or after <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _wake.Dispose();
}
