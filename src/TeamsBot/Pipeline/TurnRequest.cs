using Microsoft.Extensions.AI;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Policy;

namespace TeamsBot.Pipeline;

/// <summary>Everything the stages know and decide about one user message. Plain data: no Bot Framework types.</summary>
public sealed class TurnRequest
{
    public required long TurnId { get; init; }

    public required string ConversationId { get; init; }

    public required string ActivityId { get; init; }

    public required string TenantId { get; init; }

    /// <summary>Microsoft Entra object id of the asker (the Teams user id where Teams gives none).</summary>
    public required string UserId { get; init; }

    public string? UserName { get; init; }

    public required ConversationScope Scope { get; init; }

    public required int ContextEpoch { get; init; }

    /// <summary>The user's text as stored: already redacted at receipt. Later stages may trim it.</summary>
    public required string Text { get; set; }

    /// <summary>What DLP decided at receipt; null for a turn stored by a version that scanned later.</summary>
    internal DlpVerdict? ReceiptDlp { get; init; }

    public required IReplyChannel Reply { get; init; }

    /// <summary>When the message was received (UTC).</summary>
    public DateTime ReceivedAt { get; init; }

    /// <summary>The user was already told that this answer waits for the model.</summary>
    public bool WaitNoticeSent { get; set; }

    /// <summary>The tenant's policy, set by the admission stage; its version goes into the audit record.</summary>
    public EffectivePolicy? Policy { get; set; }

    /// <summary>From the directory, when group rules made the bot ask.</summary>
    public string? Department { get; set; }

    /// <summary>What the model is sent: system prompt, earlier turns that fit the budget, this message.</summary>
    public List<ChatMessage> Prompt { get; } = [];

    /// <summary>Tokens of <see cref="Text"/> as the prompt budget counts them.</summary>
    public int TextTokens { get; set; }

    /// <summary>The sources the prompt quoted, by the number the answer cites them with (<c>[1]</c>…).</summary>
    public List<AnswerCitation> Citations { get; } = [];

    public string? Answer { get; set; }

    public int AnswerTokens { get; set; }

    public UsageDetails? Usage { get; set; }

    /// <summary>Short notes shown under the answer (for example what was redacted). Never message content.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>What DLP decided (Clean, Redacted, Blocked; prefixed "auditonly:" when only recorded).</summary>
    public string? DlpOutcome { get; set; }

    /// <summary>DLP findings per detector id: counts only, never values.</summary>
    public Dictionary<string, int> Redactions { get; } = new(StringComparer.Ordinal);

    /// <summary>What DLP decided about the model's answer, in the form of <see cref="DlpOutcome"/>; null when none.</summary>
    public string? AnswerDlpOutcome { get; set; }

    /// <summary>DLP findings in the model's answer per detector id: counts only, never values.</summary>
    public Dictionary<string, int> AnswerRedactions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The answer is stored (the outbox): from here on the model is not called again for this turn, whatever fails.
    /// </summary>
    public bool AnswerStored { get; set; }

    /// <summary>The Bot Connector took the answer's final message; false while it waits in the outbox.</summary>
    public bool AnswerDelivered { get; set; }

    public TurnOutcome Outcome { get; private set; }

    /// <summary>The rule or reason behind a refusal or failure, for logs and audit; never message content.</summary>
    public string? Reason { get; private set; }

    public DateTimeOffset? DeferredUntil { get; private set; }

    public void Refuse(string reason) => (Outcome, Reason) = (TurnOutcome.Refused, reason);

    public void Fail(string reason) => (Outcome, Reason) = (TurnOutcome.Failed, reason);

    public void Defer(DateTimeOffset until, string reason) => (Outcome, Reason, DeferredUntil) = (TurnOutcome.Deferred, reason, until);

    public void MarkAnswered() => (Outcome, Reason) = (TurnOutcome.Answered, null);
}
