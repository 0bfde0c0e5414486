using TeamsBot.Policy;

namespace TeamsBot.Quota;

public interface IQuotaLedger
{
    /// <summary>Counts the message and checks every limit, atomically in the database.</summary>
    Task<QuotaDecision> TryStartTurnAsync(EffectivePolicy policy, string userId, CancellationToken cancellationToken);

    /// <summary>Adds the model's real token usage; returns a warning when this turn crossed 80% of a limit.</summary>
    Task<QuotaWarning?> RecordTokensAsync(EffectivePolicy policy, string userId, long tokens,
        CancellationToken cancellationToken);

    /// <summary>Today's messages and tokens of the user, and tokens of the whole tenant.</summary>
    Task<(int Messages, long Tokens, long TenantTokens)> GetUsageAsync(string tenantId, string userId,
        CancellationToken cancellationToken);
}
