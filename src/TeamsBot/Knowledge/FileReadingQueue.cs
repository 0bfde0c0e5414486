using System.Threading.Channels;

namespace TeamsBot.Knowledge;

/// <summary>
/// The accepted files waiting for this instance's background readers, in memory (the download links must not be
/// stored). Bounded: receipt reserves a place before it accepts a file, and refuses it when all are taken, so a burst of
/// files cannot hold unbounded memory or wait past their rows' deadlines. A job is queued only after the request sent
/// its "Reading" card, so no later card overtakes it.
/// </summary>
internal sealed class FileReadingQueue
{
    /// <summary>Files read at the same time: reading is CPU work (PDF text, DLP), and requests need the cores too.</summary>
    public const int Readers = 2;

    /// <summary>Files accepted and not yet taken by a reader.</summary>
    public const int Capacity = 32;

    private readonly Channel<FileReadingJob> _jobs = Channel.CreateUnbounded<FileReadingJob>(
        new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });

    private int _reserved;

    /// <summary>Places reserved or queued and not yet taken: files ahead of a new one.</summary>
    public int Waiting => Volatile.Read(ref _reserved);

    /// <summary>Reserves a place for one file; false when the queue is full.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) <= Capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref _reserved);
        return false;
    }

    /// <summary>Gives back a place reserved for a file that was not accepted after all.</summary>
    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>Queues a job in the place reserved for it.</summary>
    public void Enqueue(FileReadingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!_jobs.Writer.TryWrite(job))
        {
            throw new InvalidOperationException("The file reading queue is closed.");
        }
    }

    /// <summary>Waits for the next job; its place is free again once taken.</summary>
    public async ValueTask<FileReadingJob> DequeueAsync(CancellationToken cancellationToken)
    {
        var job = await _jobs.Reader.ReadAsync(cancellationToken);
        Interlocked.Decrement(ref _reserved);
        return job;
    }
}
