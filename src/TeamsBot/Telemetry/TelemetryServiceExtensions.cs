using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TeamsBot.Telemetry;

public static class TelemetryServiceExtensions
{
    /// <summary>
    /// OpenTelemetry for traces, metrics and logs: the app's own source and meter, ASP.NET Core, HttpClient and EF
    /// Core. Exporters are added only for what <see cref="TelemetryExport"/> finds configured; with neither an OTLP
    /// endpoint nor an Application Insights connection string, nothing leaves the process.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var export = TelemetryExport.From(builder.Configuration);
        builder.Services.AddSingleton(export);
        builder.Services.AddHostedService<TelemetryExportReporter>();

        // Log records go to the same exporters; our messages carry ids, counts and outcomes only.
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(TeamsBotDiagnostics.Name))
            .WithTracing(tracing => tracing
                .AddSource(TeamsBotDiagnostics.Name)
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation()
                // Statements only: parameter values (which hold message text) are not recorded by default.
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(TeamsBotDiagnostics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (export.ToOtlp)
        {
            // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* settings.
            telemetry.UseOtlpExporter();
        }

        if (export.ToAzureMonitor)
        {
            telemetry.UseAzureMonitor(azure => azure.ConnectionString = export.ApplicationInsightsConnectionString);
        }

        return builder;
    }

    /// <summary>Health probes run every few seconds and say nothing about turns: not traced.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase);
}
