using Microsoft.Extensions.Options;

namespace TeamsBot.Reports;

public static class ReportServiceExtensions
{
    /// <summary>The usage report and the admin command; needs storage, policy and the user directory.</summary>
    public static IServiceCollection AddUsageReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.AddSingleton<ActivityQuery>();
        services.AddSingleton<DirectoryLookup>();
        services.AddSingleton<UsageReportBuilder>();
        services.AddSingleton<AdminReportCommand>();
        return services;
    }
}
