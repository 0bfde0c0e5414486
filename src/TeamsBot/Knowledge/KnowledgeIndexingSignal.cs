namespace TeamsBot.Knowledge;

/// <summary>
/// Wakes this instance's indexing worker when a file was stored here; it carries no work (the pending rows are the
/// queue), and other instances find the rows by polling.
/// </summary>
internal sealed class KnowledgeIndexingSignal : IDisposable
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
            // Already awake.
        }
    }

    /// <summary>Returns true when woken, false after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _wake.Dispose();
}
