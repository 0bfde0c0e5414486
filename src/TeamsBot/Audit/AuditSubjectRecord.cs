namespace TeamsBot.Audit;

/// <summary>
/// One person in the audit log: the random id their records carry instead of their user id, and the key their records'
/// identifiers and text are encrypted with, itself encrypted (wrapped) with <c>Audit:KeyEncryptionKey</c>. Deleting the
/// row is erasure: the records stay in the chain, verifiable, and nobody can read or link them again.
/// </summary>
public sealed class AuditSubjectRecord
{
    /// <summary>32 lowercase hex digits, random; stored in the records as <c>subject:</c> + id.</summary>
    public required string Id { get; set; }

    public required string TenantId { get; set; }

    public required string UserId { get; set; }

    /// <summary>nonce (12) ‖ encrypted 32-byte key ‖ tag (16), AES-256-GCM under the key-encryption key.</summary>
    public required byte[] WrappedKey { get; set; }

    public DateTime CreatedAt { get; set; }
}
