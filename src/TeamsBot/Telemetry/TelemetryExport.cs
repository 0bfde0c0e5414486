namespace TeamsBot.Telemetry;

/// <summary>
/// Where telemetry leaves the process, decided from configuration alone: nothing is exported unless an OTLP endpoint
/// or an Application Insights connection string is set, so egress is always explicit.
/// </summary>
public sealed record TelemetryExport(Uri? OtlpEndpoint, string? ApplicationInsightsConnectionString)
{
    /// <summary>The OpenTelemetry SDK's standard variable (also read by the OTLP exporter itself).</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The Azure Monitor distro's standard variable; infra/ sets it on the web app.</summary>
    public const string ApplicationInsightsKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public bool ToOtlp => OtlpEndpoint is not null;

    public bool ToAzureMonitor => ApplicationInsightsConnectionString is not null;

    public bool IsNone => !ToOtlp && !ToAzureMonitor;

    public static TelemetryExport From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? endpoint = configuration[OtlpEndpointKey];
        string? connectionString = configuration[ApplicationInsightsKey];
        Uri? otlp = null;
        if (!string.IsNullOrWhiteSpace(endpoint)
            && (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException($"{OtlpEndpointKey} must be an absolute http or https URL.");
        }

        return new TelemetryExport(otlp,
            string.IsNullOrWhiteSpace(connectionString) ? null : connectionString.Trim());
    }

    /// <summary>For the start-up log line: where, never the connection string (it carries the ingestion key).</summary>
    public string Describe() => IsNone
        ? "none"
        : string.Join(", ", new[]
        {
            ToOtlp ? $"OTLP to {OtlpEndpoint!.GetLeftPart(UriPartial.Authority)}" : null,
            ToAzureMonitor ? "Azure Monitor (Application Insights)" : null,
        }.OfType<string>());
}
