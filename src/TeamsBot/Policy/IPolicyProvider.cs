namespace TeamsBot.Policy;

public interface IPolicyProvider
{
    /// <summary>The policy in force for this tenant now (configuration reloads apply to the next message).</summary>
    EffectivePolicy For(string tenantId);
}
