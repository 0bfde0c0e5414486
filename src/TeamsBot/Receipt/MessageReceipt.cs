using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Cards;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Model;
using TeamsBot.Policy;

namespace TeamsBot.Receipt;

/// <summary>
/// What happens to a message before it is acknowledged: DLP scans it with the tenant's rules and the conversation's
/// placeholder map, and only the redacted text is stored, in one transaction with the map. A message refused here
/// (not admitted, or blocked by DLP) is answered in the request and audited; the raw text is never written anywhere.
/// </summary>
internal sealed partial class MessageReceipt(
    IDlpScanner scanner,
    IConversationStore store,
    IAuditLog audit,
    IOptionsMonitor<ModelOptions> model,
    ILogger<MessageReceipt> logger)
{
    /// <summary>Conversations hash onto these locks, so two messages of one conversation never number placeholders
    /// from the same old map. Another instance can still race; its placeholders then may repeat a number.</summary>
    private readonly SemaphoreSlim[] _mapLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>
    /// Records a refusal by admission: an audit record, nothing else. Not even the redacted text is stored for a
    /// user or place the bot may not serve; the audit record hashes the redacted text (and keeps it only with
    /// <c>Audit:IncludeContent</c>).
    /// </summary>
    public async Task RecordRefusalAsync(IncomingMessage message, AdmissionResult refusal,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(refusal);
        // A fresh map: the conversation's map is not touched for a message that is not stored.
        var scanned = scanner.Scan(message.Text, refusal.Policy.Dlp.Enforced(), new DlpPlaceholderMap());
        LogRefused(message.ActivityId, refusal.RefusalRule);
        await AuditAsync(message, refusal.Policy, refusal.RefusalRule, scanned.Text, redactions: null, cancellationToken);
    }

    /// <summary>Scans and stores an admitted message; a DLP block is stored (redacted), audited and answered now.</summary>
    public async Task<ReceiptResult> ReceiveAsync(IncomingMessage message, EffectivePolicy policy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(policy);
        var gate = _mapLocks[(message.ConversationId.GetHashCode(StringComparison.Ordinal) & 0x7fffffff) % _mapLocks.Length];
        await gate.WaitAsync(cancellationToken);
        DlpScanResult scanned;
        DlpVerdict verdict;
        long? turnId;
        try
        {
            // A damaged stored map must not break every later turn of the conversation: start numbering afresh.
            if (!DlpPlaceholderMap.TryParse(await store.GetRedactionMapAsync(message.ConversationId, cancellationToken),
                    out var placeholders))
            {
                placeholders = new DlpPlaceholderMap();
            }

            int known = placeholders.Count;
            // Stored text is always redacted, also in AuditOnly mode: that mode blocks nothing and tells the user
            // nothing, but nothing raw is written to disk or sent to the model either.
            scanned = scanner.Scan(message.Text, policy.Dlp.Enforced(), placeholders);
            verdict = DlpVerdict.Of(scanned, policy.Dlp.Mode);
            turnId = await store.SaveIncomingAsync(message with
            {
                Text = scanned.Text,
                Status = verdict.IsBlocked ? TurnStatus.Refused : TurnStatus.Pending,
                DlpVerdict = verdict.Serialise(),
                // Saved on a block too: the stored (redacted) copy of the message uses these placeholders.
                RedactionMap = placeholders.Count != known ? placeholders.Serialise() : null,
            }, cancellationToken);
        }
        finally
        {
            gate.Release();
        }

        if (turnId is null)
        {
            return ReceiptResult.Duplicate;
        }

        if (!verdict.IsBlocked)
        {
            return new ReceiptResult(turnId, null);
        }

        string rule = "dlp." + verdict.BlockingRuleId;
        LogRefused(message.ActivityId, rule);
        await AuditAsync(message, policy, rule, scanned.Text, verdict.Redactions, cancellationToken);
        return new ReceiptResult(null, DlpCards.Blocked(verdict.BlockingRuleId!, scanned.DescribeForUser()));
    }

    private Task AuditAsync(IncomingMessage message, EffectivePolicy policy, string? rule, string redactedText,
        IReadOnlyDictionary<string, int>? redactions, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry
        {
            TenantId = message.TenantId,
            UserId = message.UserId,
            ConversationId = message.ConversationId,
            Scope = message.Scope.ToString(),
            PolicyVersion = policy.Version,
            Decision = AuditDecision.Refused,
            Rule = rule,
            Model = model.CurrentValue.Deployment,
            Redactions = redactions is { Count: > 0 } ? redactions : null,
            MessageText = redactedText,
        }, cancellationToken);

    [LoggerMessage(EventId = 1261, Level = LogLevel.Information,
        Message = "Activity {ActivityId} refused at receipt ({Rule}); answered now, the message is not sent to the model")]
    private partial void LogRefused(string activityId, string? rule);
}
