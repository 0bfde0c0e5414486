using System.Threading.Channels;
using TeamsBot.Telemetry;

namespace TeamsBot.Bot;

/// <summary>Stored messages waiting to be answered, by turn id. The database, not this queue, is the durable copy.</summary>
internal sealed class TurnQueue
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions
    {
        SingleReader = true,
    });

    public void Enqueue(long turnId)
    {
        if (_channel.Writer.TryWrite(turnId))
        {
            QueueTelemetry.Queued();
        }
    }

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken cancellationToken) =>
        _channel.Reader.ReadAllAsync(cancellationToken);
}
