using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeamsBot.Audit;

public static class AuditServiceExtensions
{
    /// <summary>The audit log and its tools; needs the conversation storage (the same database).</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AuditKeyEncryptionKey>();
        services.AddSingleton<AuditSubjects>();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<AuditExporter>();
        services.AddSingleton<AuditCheckpointWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointWriter>());
        return services;
    }
}
