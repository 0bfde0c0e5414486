using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// The App Service managed identity endpoint (protocol 2019-08-01) on 127.0.0.1: GET /msi/token?resource=…&amp;
/// api-version=2019-08-01[&amp;client_id=…] with the <c>X-IDENTITY-HEADER</c> secret, answering an app-only token from
/// <see cref="Tokens"/> (its roles are the application permissions granted on that resource). Azure.Identity finds it
/// through IDENTITY_ENDPOINT and IDENTITY_HEADER (<see cref="ChildProcessEnvironment"/>).
/// </summary>
public sealed class ManagedIdentityDouble : IAsyncDisposable
{
    private readonly string _header = Guid.NewGuid().ToString("N");
    private WebApplication _app = null!;

    private ManagedIdentityDouble(AppOnlyTokenIssuer tokens) => Tokens = tokens;

    public AppOnlyTokenIssuer Tokens { get; }

    /// <summary>(resource, client_id) of every token request that carried the identity header.</summary>
    public ConcurrentQueue<(string Resource, string? ClientId)> Requests { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>IDENTITY_ENDPOINT and IDENTITY_HEADER for a child process, as App Service sets them.</summary>
    public IReadOnlyDictionary<string, string> ChildProcessEnvironment => new Dictionary<string, string>
    {
        ["IDENTITY_ENDPOINT"] = Endpoint.ToString(),
        ["IDENTITY_HEADER"] = _header,
    };

    public static async Task<ManagedIdentityDouble> StartAsync(AppOnlyTokenIssuer tokens)
    {
        var identity = new ManagedIdentityDouble(tokens);
        (identity._app, var baseAddress) = await LoopbackHost.StartAsync(identity.Map, certificate: null, CancellationToken.None);
        identity.Endpoint = new Uri(baseAddress, "msi/token");
        return identity;
    }

    private void Map(WebApplication app)
    {
        var identity = this;
        app.MapGet("/msi/token", (HttpRequest request) =>
        {
            string? resource = request.Query["resource"];
            if (request.Headers["X-IDENTITY-HEADER"] != identity._header || request.Query["api-version"] != "2019-08-01"
                || string.IsNullOrEmpty(resource))
            {
                return Results.Json(new { statusCode = 400, message = "bad request" }, statusCode: 400);
            }

            string? clientId = request.Query["client_id"];
            identity.Requests.Enqueue((resource, clientId));
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = identity.Tokens.Issue(resource, clientId ?? "system-assigned"),
                ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
                ["client_id"] = clientId ?? "system-assigned",
            });
        });
    }

    public async ValueTask DisposeAsync() => await LoopbackHost.StopAsync(_app);
}
