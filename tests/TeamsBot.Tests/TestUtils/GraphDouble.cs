using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Microsoft Graph v1.0 on 127.0.0.1: GET /v1.0/users/{id} and /v1.0/users/{id}/transitiveMemberOf with
/// @odata.nextLink paging (two items a page, so paging is always exercised). Requires a bearer token.
/// </summary>
public sealed class GraphDouble : IAsyncDisposable
{
    public const string Token = "graph-test-token";
    private WebApplication _app = null!;

    public Dictionary<string, (string Name, string Department, string[] Groups)> Users { get; } = [];

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>When set, every request is answered with this status (for fail-closed tests).</summary>
    public int? FailWith { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<GraphDouble> StartAsync()
    {
        var graph = new GraphDouble();
        (graph._app, var baseAddress) = await LoopbackHost.StartAsync(graph.Map, certificate: null, CancellationToken.None);
        graph.BaseUrl = new Uri(baseAddress, "v1.0");
        return graph;
    }

    private void Map(WebApplication app)
    {
        var graph = this;
        app.Use(async (http, next) =>
        {
            graph.Requests.Enqueue(http.Request.Path + http.Request.QueryString);
            if (graph.FailWith is { } status)
            {
                http.Response.StatusCode = status;
                await http.Response.WriteAsJsonAsync(new { error = new { code = "serviceNotAvailable", message = "down" } });
                return;
            }

            if (http.Request.Headers.Authorization != $"Bearer {Token}")
            {
                http.Response.StatusCode = 401;
                return;
            }

            await next(http);
        });
        app.MapGet("/v1.0/users/{id}", (string id) => graph.Users.TryGetValue(id, out var user)
            ? Results.Json(new Dictionary<string, object?>
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                ["id"] = id,
                ["displayName"] = user.Name,
                ["department"] = user.Department,
            })
            : Results.Json(new { error = new { code = "Request_ResourceNotFound" } }, statusCode: 404));
        app.MapGet("/v1.0/users/{id}/transitiveMemberOf", (string id, int? skip, HttpRequest request) =>
        {
            if (!graph.Users.TryGetValue(id, out var user))
            {
                return Results.Json(new { error = new { code = "Request_ResourceNotFound" } }, statusCode: 404);
            }

            int from = skip ?? 0;
            // A directory role mixed in: only groups may count.
            var all = user.Groups.Select(g => new Dictionary<string, object?> { ["@odata.type"] = "#microsoft.graph.group", ["id"] = g })
                .Append(new Dictionary<string, object?> { ["@odata.type"] = "#microsoft.graph.directoryRole", ["id"] = "role-1" })
                .ToList();
            var body = new Dictionary<string, object?> { ["value"] = all.Skip(from).Take(2).ToList() };
            if (from + 2 < all.Count)
            {
                body["@odata.nextLink"] = $"{request.Scheme}://{request.Host}/v1.0/users/{id}/transitiveMemberOf?skip={from + 2}";
            }

            return Results.Json(body, (JsonSerializerOptions?)null);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
