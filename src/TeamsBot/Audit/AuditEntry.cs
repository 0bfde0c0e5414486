using TeamsBot.Pipeline;

namespace TeamsBot.Audit;

/// <summary>
/// One turn decision, as the pipeline hands it to <see cref="IAuditLog"/>. The log adds the time, sequence number and
/// hashes; it hashes <see cref="MessageText"/> and stores the text itself only with <c>Audit:IncludeContent=true</c>.
/// </summary>
public sealed record AuditEntry
{
    public required string TenantId { get; init; }

    /// <summary>Microsoft Entra object id of the asker.</summary>
    public required string UserId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>Personal, GroupChat or Channel (see <see cref="History.ConversationScope"/>).</summary>
    public required string Scope { get; init; }

    /// <summary>Version of the tenant policy the decision was made under, as admission names it.</summary>
    public required string PolicyVersion { get; init; }

    public required AuditDecision Decision { get; init; }

    /// <summary>The rule behind a refusal or the reason for a failure; never message content.</summary>
    public string? Rule { get; init; }

    /// <summary>
    /// Detector id → number of findings in the message; findings in the model's answer are counted under
    /// <see cref="AnswerRedactionPrefix"/> + detector id. Keys are 1-71 characters of A-Z a-z 0-9 . _ -.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Redactions { get; init; }

    /// <summary>Prefix of the <see cref="Redactions"/> keys that count findings in the answer, e.g. "answer.email".</summary>
    public const string AnswerRedactionPrefix = "answer.";

    public string? Model { get; init; }

    public int? TokensIn { get; init; }

    public int? TokensOut { get; init; }

    public TimeSpan? Latency { get; init; }

    /// <summary>The text the user sent. Hashed always; stored only with <c>Audit:IncludeContent=true</c>.</summary>
    public string? MessageText { get; init; }

    /// <summary>
    /// The parts a stage can take from the turn: who, where, the text, the refusal or failure reason and token usage.
    /// Add model, latency and redactions with <c>with { … }</c>. Pass the user's original text if a stage rewrote
    /// <see cref="TurnRequest.Text"/> (redaction), so the hash matches what was actually sent.
    /// </summary>
    public static AuditEntry ForTurn(TurnRequest turn, string policyVersion, AuditDecision decision)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new AuditEntry
        {
            TenantId = turn.TenantId,
            UserId = turn.UserId,
            ConversationId = turn.ConversationId,
            Scope = turn.Scope.ToString(),
            PolicyVersion = policyVersion,
            Decision = decision,
            Rule = turn.Reason,
            TokensIn = ToInt(turn.Usage?.InputTokenCount),
            TokensOut = ToInt(turn.Usage?.OutputTokenCount),
            MessageText = turn.Text,
        };
    }

    private static int? ToInt(long? tokens) => tokens is null ? null : (int)Math.Clamp(tokens.Value, 0, int.MaxValue);
}
