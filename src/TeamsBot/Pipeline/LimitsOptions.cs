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
}
