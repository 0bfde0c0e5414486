using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TeamsBot.Telemetry;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Telemetry;

/// <summary>Exporters exist only when configured: no OTLP endpoint and no Application Insights string, no egress.</summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public void From_NothingConfigured_IsNone()
    {
        var export = TelemetryExport.From(Configuration([]));

        Assert.True(export.IsNone);
        Assert.Equal("none", export.Describe());
    }

    [Fact]
    public void From_ApplicationInsightsConnectionString_ExportsToAzureMonitorWithoutShowingTheKey()
    {
        var export = TelemetryExport.From(Configuration(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000123;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
        }));

        Assert.True(export.ToAzureMonitor);
        Assert.False(export.ToOtlp);
        Assert.DoesNotContain("000000000123", export.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_OtlpEndpoint_ExportsOverOtlp()
    {
        var export = TelemetryExport.From(Configuration(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://localhost:4317" }));

        Assert.True(export.ToOtlp);
        Assert.Equal("OTLP to http://localhost:4317", export.Describe());
    }

    [Theory]
    [InlineData("localhost:4317")]
    [InlineData("ftp://collector.example/")]
    public void From_EndpointNotAnHttpUrl_ThrowsNamingTheSetting(string endpoint)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            TelemetryExport.From(Configuration(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint })));

        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddTelemetry_NothingConfigured_RegistersNoExporter()
    {
        await using var bot = new InProcessBotFactory(new Dictionary<string, string>());
        using var client = bot.CreateClient();
        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.True(bot.Services.GetRequiredService<TelemetryExport>().IsNone);
        Assert.Null(Pipeline(bot.Services.GetRequiredService<TracerProvider>(), "Processor"));
        Assert.Null(Pipeline(bot.Services.GetRequiredService<MeterProvider>(), "Reader"));
        Assert.Null(Pipeline(bot.Services.GetRequiredService<LoggerProvider>(), "Processor"));
    }

    /// <summary>The positive control for the test above: the same probe finds exporters once an endpoint is set.</summary>
    [Fact]
    public async Task AddTelemetry_OtlpEndpoint_ExportsTracesAndLogsToIt()
    {
        await using var receiver = await OtlpReceiverDouble.StartAsync(default);
        await using var bot = new InProcessBotFactory(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        using var client = bot.CreateClient();
        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        var tracing = bot.Services.GetRequiredService<TracerProvider>();
        var logging = bot.Services.GetRequiredService<LoggerProvider>();
        Assert.NotNull(Pipeline(tracing, "Processor"));
        Assert.NotNull(Pipeline(bot.Services.GetRequiredService<MeterProvider>(), "Reader"));
        // The server ends the request's span just after the client has the response, and the turn worker's own spans
        // may be exported first; an export can also come late on a busy machine: flush until each arrived.
        await FlushUntilAsync(tracing.ForceFlush,
            () => receiver.Exports.Any(e => e.Path == "/v1/traces" && Contains(e.Body, "/no-such-page")));
        // A record of its own each time: one lost with a failed export on a busy machine is not sent again.
        var logger = bot.Services.GetRequiredService<ILogger<TelemetryExportTests>>();
        await FlushUntilAsync(timeout =>
        {
            ExportProbe(logger, null);
            return logging.ForceFlush(timeout);
        }, () => receiver.Exports.Any(e => e.Path == "/v1/logs"));

        var traces = Assert.Single(receiver.Exports, e => e.Path == "/v1/traces" && Contains(e.Body, "/no-such-page"));
        Assert.True(Contains(traces.Body, "TeamsBot"), "service.name should be TeamsBot");
        Assert.Contains(receiver.Exports, e => e.Path == "/v1/logs");
    }

    private static readonly Action<ILogger, Exception?> ExportProbe =
        LoggerMessage.Define(LogLevel.Information, new EventId(1), "Export probe");

    /// <summary>Flushes, and again every 100 ms, until <paramref name="arrived"/> or 10 s have passed.</summary>
    private static async Task FlushUntilAsync(Func<int, bool> flush, Func<bool> arrived)
    {
        Assert.True(flush(10_000));
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !arrived() && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            flush(10_000);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static bool Contains(byte[] body, string text) =>
        body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>
    /// The SDK keeps its export pipeline (processors or readers) in a non-public member; null means nothing exports.
    /// A renamed member fails here, loudly, instead of letting the check pass.
    /// </summary>
    private static object? Pipeline(object provider, string member)
    {
        var property = provider.GetType().GetProperty(member, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        Assert.True(property is not null, $"{provider.GetType().FullName} has no '{member}' any more: update this probe.");
        return property.GetValue(provider);
    }
}
