namespace TeamsBot.Lifecycle;

/// <summary>
/// A legal hold in force: everything stored of one user, or of one conversation, survives retention and "forget me"
/// until the hold is lifted. Lifting deletes the row; the audit log keeps both events.
/// </summary>
public sealed class LegalHoldRecord
{
    public const int MaxReasonLength = 500;

    public long Id { get; set; }

    public required string TenantId { get; set; }

    /// <summary>Microsoft Entra object id of the held user; null for a conversation hold.</summary>
    public string? UserId { get; set; }

    /// <summary>The held conversation (a channel's id holds every thread in it); null for a user hold.</summary>
    public string? ConversationId { get; set; }

    /// <summary>Why, as the admin wrote it (a case or matter reference); shown to admins, never to the held user.</summary>
    public required string Reason { get; set; }

    /// <summary>Who placed it: <c>cli</c>, or the admin's Entra object id.</summary>
    public required string PlacedBy { get; set; }

    public DateTime PlacedAt { get; set; }
}
