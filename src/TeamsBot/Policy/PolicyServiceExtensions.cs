using Microsoft.Extensions.Options;

namespace TeamsBot.Policy;

public static class PolicyServiceExtensions
{
    public static IServiceCollection AddTenantPolicy(this IServiceCollection services)
    {
        services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PolicyOptions>, PolicyOptionsValidator>();
        services.AddSingleton<IPolicyProvider, PolicyProvider>();
        services.AddSingleton<Admission>();
        return services;
    }
}
