namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// What a test double or process produced, in order, with a wait that wakes on each new item instead of polling.
/// Shared by the connector and model doubles and the bot process output.
/// </summary>
public sealed class WaitableLog<T>
{
    private readonly object _gate = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return _items.ToArray();
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> items match; throws TimeoutException with
    /// <paramref name="describeTimeout"/>(matches seen) when the time is up.</summary>
    public async Task<IReadOnlyList<T>> WaitAsync(
        Func<T, bool> predicate,
        int count,
        TimeSpan timeout,
        Func<int, string> describeTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(describeTimeout);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            T[] matches;
            lock (_gate)
            {
                matches = _items.Where(predicate).ToArray();
                changed = _changed.Task;
            }

            if (matches.Length >= count)
            {
                return matches;
            }

            try
            {
                await changed.WaitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(describeTimeout(matches.Length));
            }
        }
    }
}
