using TeamsBot.Cards;

namespace TeamsBot.Policy;

/// <summary>
/// Whether a user may use the bot in a conversation. Admitted: the tenant's policy (and the department, when the
/// group rule asked the directory). Refused: the rule that refused and the card that tells the user.
/// </summary>
public sealed class AdmissionResult
{
    private AdmissionResult(EffectivePolicy policy, string? department, string? rule, AdaptiveCard? card)
    {
        Policy = policy;
        Department = department;
        RefusalRule = rule;
        RefusalCard = card;
    }

    /// <summary>The tenant's policy; also on a refusal, so its version can go into the audit record.</summary>
    public EffectivePolicy Policy { get; }

    /// <summary>From the directory, when the group rule made the bot ask.</summary>
    public string? Department { get; }

    /// <summary>Audit/log name of the rule that refused (for example <c>policy.group</c>); null when admitted.</summary>
    public string? RefusalRule { get; }

    /// <summary>What the user is told; null when admitted.</summary>
    public AdaptiveCard? RefusalCard { get; }

    public bool IsAdmitted => RefusalRule is null;

    internal static AdmissionResult Admitted(EffectivePolicy policy, string? department) =>
        new(policy, department, null, null);

    internal static AdmissionResult Refused(EffectivePolicy policy, string rule, AdaptiveCard card) =>
        new(policy, null, rule, card);
}
