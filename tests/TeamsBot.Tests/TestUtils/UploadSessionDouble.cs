using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Plays OneDrive's resumable upload session (the URL Teams names in a file consent accept) over HTTP on 127.0.0.1.
/// Each PUT must carry <c>Content-Range: bytes first-last/total</c> continuing where the last one stopped, with the
/// session's total; anything else, or a byte past the total, is refused with 416 and nothing is stored. Chunks before
/// the last are answered 202 with <c>nextExpectedRanges</c>, the last 201 with the drive item.
/// </summary>
public sealed class UploadSessionDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<UploadRequest> _requests = new();
    private WebApplication _app = null!;

    private UploadSessionDouble()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every PUT, in order, with the status it was answered.</summary>
    public IReadOnlyList<UploadRequest> Requests => [.. _requests];

    public static async Task<UploadSessionDouble> StartAsync(CancellationToken cancellationToken)
    {
        var server = new UploadSessionDouble();
        (server._app, server.BaseAddress) = await LoopbackHost.StartAsync(app => app.Run(server.HandleAsync), null,
            cancellationToken);
        return server;
    }

    /// <summary>A new session; its URL carries a pre-authentication token like OneDrive's.</summary>
    public Uri NewSession()
    {
        string id = Guid.NewGuid().ToString("N");
        _sessions[id] = new Session();
        return new Uri(BaseAddress, $"/personal/megan/_api/v2.0/drive/uploadSession/{id}?guid={id}&tempauth=eyJ0eXAiOiJKV1QifQ.test");
    }

    /// <summary>The file a session completed, or null while it is unfinished (or was never written).</summary>
    public byte[]? Completed(Uri session) =>
        _sessions.TryGetValue(IdOf(session.AbsolutePath), out var s) && s.Complete ? s.Bytes.ToArray() : null;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await LoopbackHost.StopAsync(_app);
        }
    }

    private static string IdOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    private async Task HandleAsync(HttpContext http)
    {
        string? range = http.Request.Headers.ContentRange;
        int status = await AnswerAsync(http, range);
        _requests.Enqueue(new UploadRequest(http.Request.Method, http.Request.Path.Value ?? string.Empty, range,
            http.Request.Headers.Authorization.Count > 0, status));
    }

    private async Task<int> AnswerAsync(HttpContext http, string? rangeHeader)
    {
        if (!HttpMethods.IsPut(http.Request.Method) || !_sessions.TryGetValue(IdOf(http.Request.Path.Value ?? "/"), out var session))
        {
            return http.Response.StatusCode = StatusCodes.Status404NotFound;
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        lock (session)
        {
            if (!ContentRangeHeaderValue.TryParse(rangeHeader, out var range) || range.Unit != "bytes"
                || range.From is not { } from || range.To is not { } to || range.Length is not { } total
                || from != session.Bytes.Length || to - from + 1 != body.Length || to >= total
                || (session.Total is { } known && known != total) || session.Complete)
            {
                http.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                return http.Response.StatusCode;
            }

            session.Total = total;
            session.Bytes.Write(body.GetBuffer(), 0, (int)body.Length);
            session.Complete = session.Bytes.Length == total;
        }

        if (session.Complete)
        {
            http.Response.StatusCode = StatusCodes.Status201Created;
            await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "01ABCDEF", ["size"] = session.Total },
                http.RequestAborted);
            return StatusCodes.Status201Created;
        }

        http.Response.StatusCode = StatusCodes.Status202Accepted;
        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["nextExpectedRanges"] = new JsonArray(session.Bytes.Length.ToString(CultureInfo.InvariantCulture) + "-"),
        }, http.RequestAborted);
        return StatusCodes.Status202Accepted;
    }

    private sealed class Session
    {
        public MemoryStream Bytes { get; } = new();

        public long? Total { get; set; }

        public bool Complete { get; set; }
    }
}
