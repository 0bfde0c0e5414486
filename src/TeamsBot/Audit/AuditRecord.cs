namespace TeamsBot.Audit;

/// <summary>
/// One row of the audit log. Written once and never changed by the app (database triggers reject updates and deletes).
/// <see cref="Hash"/> covers every field but <see cref="Content"/> plus <see cref="PreviousHash"/>; see
/// <see cref="AuditHash"/> for the exact form.
/// </summary>
public sealed class AuditRecord
{
    /// <summary>Position in the chain: 1, 2, 3… without gaps. Also the primary key, so two appends cannot share one.</summary>
    public long Sequence { get; set; }

    /// <summary>UTC, truncated to microseconds (what PostgreSQL keeps), so the hashed value survives a round trip.</summary>
    public DateTime Timestamp { get; set; }

    public required string TenantId { get; set; }

    public required string UserId { get; set; }

    public required string ConversationId { get; set; }

    public required string Scope { get; set; }

    public required string PolicyVersion { get; set; }

    public AuditDecision Decision { get; set; }

    public string? Rule { get; set; }

    /// <summary>Compact JSON object, keys sorted: <c>{"email":2,"iban":1}</c>; null when nothing was redacted.</summary>
    public string? Redactions { get; set; }

    public string? Model { get; set; }

    public int? TokensIn { get; set; }

    public int? TokensOut { get; set; }

    public long? LatencyMs { get; set; }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 message text; null when the caller passed no text.</summary>
    public string? ContentSha256 { get; set; }

    /// <summary>The message text, only with <c>Audit:IncludeContent=true</c>.</summary>
    public string? Content { get; set; }

    /// <summary>The previous record's <see cref="Hash"/>; 64 zeros for the first record.</summary>
    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}
