using System.Net;
using TeamsBot.Hosting;
using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Export;

public static class ExportServiceExtensions
{
    /// <summary>Reading and writing exports (the CLI's eDiscovery verb uses these alone); needs storage.</summary>
    public static IServiceCollection AddDataExport(this IServiceCollection services)
    {
        services.AddSingleton<DataExportReader>();
        return services;
    }

    /// <summary>The <c>export</c> command's file consent flow, for the web app; needs the audit log's key.</summary>
    public static IServiceCollection AddFileExport(this IServiceCollection services)
    {
        services.AddDataExport();
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.SectionName)
            .ValidateDataAnnotationsByKey(ExportOptions.SectionName)
            .Validate(o => o.AllowedUploadHosts.All(DownloadHostAllowList.IsHostName),
                "Export:AllowedUploadHosts takes bare host names (contoso-my.sharepoint.com), without scheme, port, "
                + "path or wildcard.")
            .Validate(o => o.UploadChunkBytes % ExportOptions.UploadChunkUnit == 0,
                "Export:UploadChunkBytes must be a multiple of 327680 (320 KiB), as OneDrive requires.")
            .Validate(o => o.ConsentLifetime >= TimeSpan.FromMinutes(1) && o.ConsentLifetime <= TimeSpan.FromDays(1),
                "Export:ConsentLifetime must be between 00:01:00 and 1.00:00:00.")
            .Validate(o => o.UploadTimeout > TimeSpan.Zero && o.UploadTimeout <= TimeSpan.FromMinutes(10),
                "Export:UploadTimeout must be more than 0 and at most 00:10:00.")
            .ValidateOnStart();
        // Like downloads: no redirects (the host was checked), no cookies, no ambient credentials; and no request
        // logging, since the upload URL itself is the credential.
        services.AddHttpClient(ExportUploader.HttpClientName)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                Credentials = null,
                AutomaticDecompression = DecompressionMethods.None,
            });
        services.AddSingleton<ExportConsentToken>();
        services.AddSingleton<UploadHostAllowList>();
        services.AddSingleton<ExportUploader>();
        services.AddSingleton<FileExportService>();
        return services;
    }
}
