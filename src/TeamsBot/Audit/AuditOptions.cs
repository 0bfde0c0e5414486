namespace TeamsBot.Audit;

/// <summary>What the audit log keeps. Section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>
    /// Store the message text in the audit record. Off by default: the record then holds only the text's SHA-256, so
    /// deleting a user's history ("forget me") leaves no message content behind in the audit log.
    /// </summary>
    public bool IncludeContent { get; set; }

    /// <summary>
    /// A file outside the database (another volume or share) where the head of the chain is written, signed, every
    /// <see cref="CheckpointInterval"/>. <c>audit verify</c> then fails when the chain no longer reaches it: someone
    /// with write access to the database can rewrite records and recompute every hash, but cannot sign a checkpoint.
    /// Empty turns checkpoints off.
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes, kept out of the database (Key Vault reference).</summary>
    public string? CheckpointKey { get; set; }

    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Base64 key of at least 32 bytes that wraps each person's audit key; kept out of the database (Key Vault
    /// reference). Required with PostgreSQL (every instance needs the same one); with SQLite, when empty, a key file is
    /// created beside the database file (see <see cref="AuditKeyEncryptionKey"/>).
    /// </summary>
    public string? KeyEncryptionKey { get; set; }
}
