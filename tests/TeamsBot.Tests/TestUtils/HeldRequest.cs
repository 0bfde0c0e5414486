namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// A request a double holds without answering, as a server that is slow or whose reply is lost on the way: the test
/// sees it arrive (<see cref="Arrived"/>), does what it must while the caller waits (kill the caller, cut its
/// database), then lets the double answer as usual with <see cref="Release"/>.
/// </summary>
public sealed class HeldRequest<TRequest>
{
    private readonly TaskCompletionSource<TRequest> _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal HeldRequest(Func<TRequest, bool> which)
    {
        Which = which;
    }

    /// <summary>Completes with the held request when it arrives.</summary>
    public Task<TRequest> Arrived => _arrived.Task;

    internal Func<TRequest, bool> Which { get; }

    /// <summary>Lets the double answer the held request (harmlessly too late when its caller is gone).</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Waits for <see cref="Arrived"/> at most <paramref name="timeout"/>, with a message that says which.</summary>
    public async Task<TRequest> WaitUntilArrivedAsync(TimeSpan timeout)
    {
        try
        {
            return await Arrived.WaitAsync(timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"The request to hold did not arrive within {timeout}.", exception);
        }
    }

    /// <summary>Called by the double: records the request, then waits for the release or the caller to go away.</summary>
    internal async Task<bool> HoldAsync(TRequest request, CancellationToken requestAborted)
    {
        _arrived.TrySetResult(request);
        try
        {
            await _released.Task.WaitAsync(requestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
