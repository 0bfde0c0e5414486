namespace TeamsBot.Storage;

/// <summary>
/// SQLite's one writer, taken in turn inside the process: a waiting write sleeps on a task, not in SQLite's busy
/// handler, and is woken the moment the write before it ends. Writes that go first (a receipt, which holds up Teams'
/// acknowledgement) are woken before the others; among themselves each kind is first come, first served.
/// </summary>
/// <remarks>
/// SQLite's busy handler sleeps in growing steps (up to 100 ms) and wakes in no order: under load a write that has
/// waited longest sleeps longest, and newcomers overtake it. The queue only orders this process's writes; SQLite's
/// lock still decides, so a write from another process, or one that gave up waiting here, is as safe as before.
/// </remarks>
internal sealed class SqliteWriteQueue
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _first = [];
    private readonly LinkedList<TaskCompletionSource> _others = [];
    private bool _held;

    /// <summary>
    /// Waits for the turn to write. False when <paramref name="patience"/> ran out first: the caller goes on without
    /// the turn (SQLite's lock still orders it) and must not <see cref="Leave"/>.
    /// </summary>
    public async Task<bool> EnterAsync(bool goesFirst, TimeSpan patience, CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> waiting;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return true;
            }

            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting = (goesFirst ? _first : _others).AddLast(turn);
        }

        try
        {
            await waiting.Value.Task.WaitAsync(patience, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            // Unless the turn came just as the wait ended: then it is ours.
            return !Withdraw(waiting);
        }
        catch (OperationCanceledException)
        {
            if (!Withdraw(waiting))
            {
                Leave();
            }

            throw;
        }
    }

    /// <summary>Ends this write's turn: the next waiting write goes.</summary>
    public void Leave()
    {
        TaskCompletionSource next;
        lock (_lock)
        {
            var queue = _first.Count > 0 ? _first : _others;
            if (queue.First is not { } head)
            {
                _held = false;
                return;
            }

            queue.RemoveFirst();
            next = head.Value;
        }

        next.SetResult();
    }

    /// <summary>Takes a waiting write out of the queue; false when its turn was already given to it.</summary>
    private bool Withdraw(LinkedListNode<TaskCompletionSource> waiting)
    {
        lock (_lock)
        {
            if (waiting.List is not { } queue)
            {
                return false;
            }

            queue.Remove(waiting);
            return true;
        }
    }
}
