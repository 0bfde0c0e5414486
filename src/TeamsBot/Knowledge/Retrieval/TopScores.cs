namespace TeamsBot.Knowledge.Retrieval;

/// <summary>The best <c>capacity</c> (id, score) pairs offered, kept in a min-heap: a row below the worst kept costs one comparison.</summary>
internal sealed class TopScores(int capacity)
{
    private readonly PriorityQueue<long, float> _heap = new(capacity + 1);
    private readonly HashSet<long> _ids = new(capacity + 1);

    public void Offer(long id, float score)
    {
        if (_heap.Count == capacity && (!_heap.TryPeek(out _, out float worst) || score <= worst))
        {
            return;
        }

        // A passage readable through two partitions (owner and collection) is kept once.
        if (!_ids.Add(id))
        {
            return;
        }

        _heap.Enqueue(id, score);
        if (_heap.Count > capacity)
        {
            _ids.Remove(_heap.Dequeue());
        }
    }

    public IReadOnlyList<long> Ids => [.. _ids];
}
