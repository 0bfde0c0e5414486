namespace TeamsBot.History;

/// <summary>One Teams conversation (a 1:1 chat, a group chat, or a channel thread) and how to reach it again.</summary>
public sealed class ConversationRecord
{
    public required string Id { get; set; }

    public required string TenantId { get; set; }

    public required ConversationScope Scope { get; set; }

    /// <summary>
    /// The Bot Framework ConversationReference (JSON), used to answer proactively. It names the person whose message was
    /// stored last (Teams id, display name, Entra object id); "forget me" removes them from it.
    /// </summary>
    public required string ReferenceJson { get; set; }

    /// <summary>Bumped by "New chat": only turns of the current epoch are sent to the model.</summary>
    public int ContextEpoch { get; set; }

    /// <summary>
    /// DLP placeholder numbering for this conversation, so the same value keeps the same placeholder. Holds hashes of
    /// redacted values, never the values.
    /// </summary>
    public string? RedactionMap { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The instance answering in this conversation now; only it may work on the conversation's turns.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When <see cref="LeaseOwner"/>'s claim lapses unless renewed; after it any instance may claim.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>
    /// The bot's recent sends to this conversation, as the last lease holder knew them (Unix milliseconds,
    /// <see cref="Connector.SendLogCodec"/>): the next instance to answer here paces by them, so that instances taking
    /// turns stay within Teams' per-conversation limits together. Times only, no content; null when none count.
    /// </summary>
    public byte[]? SendLog { get; set; }
}
