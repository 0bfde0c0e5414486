using TeamsBot.Policy;

namespace TeamsBot.Tests.TestUtils;

/// <summary>Answers every tenant with whatever policy the test currently holds.</summary>
public sealed class DelegatePolicyProvider(Func<EffectivePolicy> policy) : IPolicyProvider
{
    public EffectivePolicy For(string tenantId) => policy();
}
