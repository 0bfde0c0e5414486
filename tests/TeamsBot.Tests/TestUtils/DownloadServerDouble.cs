using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Plays SharePoint's file download endpoint over HTTP on 127.0.0.1: serves files at paths, holds a download open until
/// released, answers with a redirect, or streams a body without Content-Length; records every request path it was asked
/// for.
/// </summary>
public sealed class DownloadServerDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _app = null!;

    private DownloadServerDouble()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Paths requested so far, in order (the query string is left out).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<DownloadServerDouble> StartAsync(CancellationToken cancellationToken)
    {
        var server = new DownloadServerDouble();
        (server._app, server.BaseAddress) = await LoopbackHost.StartAsync(app => app.Run(server.HandleAsync), null,
            cancellationToken);
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at a new path with Content-Length; returns its download URL.</summary>
    public Uri Serve(byte[] content, string name = "file")
    {
        string path = "/personal/megan/" + Guid.NewGuid().ToString("N") + "/" + Uri.EscapeDataString(name);
        _routes[path] = async http =>
        {
            http.Response.ContentLength = content.Length;
            await http.Response.Body.WriteAsync(content, http.RequestAborted);
        };
        return new Uri(BaseAddress, path + "?tempauth=eyJ0eXAiOiJKV1QifQ.test");
    }

    /// <summary>
    /// Serves <paramref name="content"/> like <see cref="Serve"/>, but holds the download open once it has arrived until
    /// the test releases it (a large or slow file); returns its URL and the hold.
    /// </summary>
    public (Uri Url, HeldRequest<string> Download) ServeHeld(byte[] content, string name = "file")
    {
        string path = "/personal/megan/" + Guid.NewGuid().ToString("N") + "/" + Uri.EscapeDataString(name);
        var hold = new HeldRequest<string>(_ => true);
        _routes[path] = async http =>
        {
            if (!await hold.HoldAsync(path, http.RequestAborted))
            {
                return;
            }

            http.Response.ContentLength = content.Length;
            await http.Response.Body.WriteAsync(content, http.RequestAborted);
        };
        return (new Uri(BaseAddress, path + "?tempauth=eyJ0eXAiOiJKV1QifQ.held" + Guid.NewGuid().ToString("N")), hold);
    }

    /// <summary>Streams <paramref name="length"/> bytes without Content-Length (chunked); returns its URL.</summary>
    public Uri ServeUnannounced(long length)
    {
        string path = "/stream/" + Guid.NewGuid().ToString("N");
        _routes[path] = async http =>
        {
            var block = new byte[64 * 1024];
            for (long sent = 0; sent < length && !http.RequestAborted.IsCancellationRequested; sent += block.Length)
            {
                await http.Response.Body.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - sent)),
                    http.RequestAborted);
            }
        };
        return new Uri(BaseAddress, path);
    }

    /// <summary>Answers 302 to <paramref name="target"/>; returns the redirecting URL.</summary>
    public Uri Redirect(Uri target)
    {
        string path = "/redirect/" + Guid.NewGuid().ToString("N");
        _routes[path] = http =>
        {
            http.Response.StatusCode = StatusCodes.Status302Found;
            http.Response.Headers.Location = target.ToString();
            return Task.CompletedTask;
        };
        return new Uri(BaseAddress, path);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await LoopbackHost.StopAsync(_app);
        }
    }

    private Task HandleAsync(HttpContext http)
    {
        string path = http.Request.Path.Value ?? string.Empty;
        _requests.Enqueue(path);
        if (_routes.TryGetValue(path, out var route))
        {
            return route(http);
        }

        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
