using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeamsBot.Identity;

public static class IdentityServiceExtensions
{
    /// <summary>Registers <see cref="AzureCredentialFactory"/> once; the model and Graph registrations both call it.</summary>
    public static IServiceCollection AddAzureCredential(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AzureCredentialFactory)))
        {
            return services;
        }

        services.AddOptions<AzureCredentialOptions>().BindConfiguration(AzureCredentialOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureCredentialOptions>, AzureCredentialOptionsValidator>());
        services.AddSingleton<AzureCredentialFactory>();
        return services;
    }
}
