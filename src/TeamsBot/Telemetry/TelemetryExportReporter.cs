namespace TeamsBot.Telemetry;

/// <summary>Says once at start-up where telemetry goes, so an operator can see that nothing leaves by accident.</summary>
internal sealed partial class TelemetryExportReporter(TelemetryExport export, ILogger<TelemetryExportReporter> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string targets = export.Describe();
        LogExport(targets);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Telemetry export: {Targets}")]
    private partial void LogExport(string targets);
}
