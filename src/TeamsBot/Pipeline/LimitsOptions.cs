using System.ComponentModel.DataAnnotations;

namespace TeamsBot.Pipeline;

/// <summary>Bounds on what one user can make the bot do. Section <c>Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Longest message accepted, in characters; longer ones get a card saying so.</summary>
    [Range(1, 100_000)]
    public int MaxInputChars { get; set; } = 16_000;

    /// <summary>
    /// Turns this instance answers at the same time across all conversations (one at a time per conversation, across
    /// all instances). A slot is taken only by a conversation already claimed, so a busy conversation delays no other.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentTurns { get; set; } = 8;

    /// <summary>Requests to /api/messages this instance works on at once; the others wait, oldest first.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>Requests that may wait for one of those; past it a request gets 503 with Retry-After.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedRequests { get; set; } = 10_000;

    /// <summary>
    /// How long new turns and typing indicators wait for the requests under way to be acknowledged: Teams waits for
    /// each acknowledgement, and a burst is acknowledged sooner when nothing else takes the cores. Under a steady
    /// stream of requests the door is never empty, so nothing waits longer than this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan ReceiptsFirstFor { get; set; } = TimeSpan.FromMilliseconds(100);
}
