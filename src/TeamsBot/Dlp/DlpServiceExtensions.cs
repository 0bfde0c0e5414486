using Microsoft.Extensions.Options;

namespace TeamsBot.Dlp;

public static class DlpServiceExtensions
{
    public static IServiceCollection AddDlp(this IServiceCollection services)
    {
        services.AddOptions<DlpOptions>().BindConfiguration(DlpOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DlpOptions>, DlpOptionsValidator>();
        services.AddSingleton<IDlpScanner, DlpScanner>();
        return services;
    }
}
