using System.Net;
using TeamsBot.Hosting;
using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Knowledge;

public static class KnowledgeServiceExtensions
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.SectionName)
            .ValidateDataAnnotationsByKey(KnowledgeOptions.SectionName)
            .Validate(o => o.AllowedDownloadHosts.All(DownloadHostAllowList.IsHostName),
                "Knowledge:AllowedDownloadHosts takes bare host names (contoso.sharepoint.com), without scheme, "
                + "port, path or wildcard.")
            .Validate(o => o.ReceiveTimeout > TimeSpan.Zero && o.ReceiveTimeout <= TimeSpan.FromSeconds(14),
                "Knowledge:ReceiveTimeout must be more than 0 and at most 00:00:14: Teams sends a message again when "
                + "it is not acknowledged within about 15 seconds.")
            .ValidateOnStart();
        // No redirects (each hop is checked against the allow-list), no cookies, no ambient credentials, no proxy
        // that could be pointed elsewhere by the environment.
        services.AddHttpClient(TeamsFileSource.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                Credentials = null,
                AutomaticDecompression = DecompressionMethods.None,
            });
        services.AddSingleton<DownloadHostAllowList>();
        services.AddSingleton<IDocumentSource, TeamsFileSource>();
        services.AddSingleton<IKnowledgeStore, EfKnowledgeStore>();
        services.AddSingleton<FileIngestion>();
        services.AddSingleton<FileReceipt>();
        services.AddSingleton<KnowledgeCommands>();
        return services;
    }
}
