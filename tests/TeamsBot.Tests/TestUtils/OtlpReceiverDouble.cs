using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// An OTLP/HTTP receiver (<c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>, protobuf) on 127.0.0.1. Records
/// each export's path and raw body; answers 200 with an empty protobuf message, as a collector does.
/// </summary>
public sealed class OtlpReceiverDouble : IAsyncDisposable
{
    private readonly WaitableLog<(string Path, byte[] Body)> _exports = new();
    private WebApplication? _app;

    private OtlpReceiverDouble()
    {
        Endpoint = new Uri("http://127.0.0.1/");
    }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).</summary>
    public Uri Endpoint { get; private set; }

    public IReadOnlyList<(string Path, byte[] Body)> Exports => _exports.Snapshot();

    public static async Task<OtlpReceiverDouble> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new OtlpReceiverDouble();
        var (app, baseAddress) = await LoopbackHost.StartAsync(receiver.Map, null, cancellationToken);
        receiver._app = app;
        receiver.Endpoint = baseAddress;
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await LoopbackHost.StopAsync(_app);
        }
    }

    private void Map(WebApplication app) =>
        app.MapPost("/v1/{signal}", async (HttpContext http, string signal) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            _exports.Add(("/v1/" + signal, body.ToArray()));
            http.Response.ContentType = "application/x-protobuf";
        });
}
