using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeamsBot.Lifecycle;

public static class LifecycleServiceExtensions
{
    /// <summary>Legal holds and the retention purge's parts; needs the storage and the audit log.</summary>
    public static IServiceCollection AddDataLifecycle(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LegalHoldService>();
        services.AddSingleton<RetentionPurge>();
        return services;
    }

    /// <summary>The data lifecycle with the background purge and the admin command, for the web app.</summary>
    public static IServiceCollection AddRetentionPurge(this IServiceCollection services)
    {
        services.AddDataLifecycle();
        services.AddSingleton<AdminHoldCommand>();
        services.AddHostedService<RetentionPurgeService>();
        return services;
    }
}
