using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Microsoft Graph v1.0 on 127.0.0.1: GET /v1.0/users/{id} ($select), /v1.0/users/{id}/transitiveMemberOf and its
/// group cast (/transitiveMemberOf/microsoft.graph.group, or graph.group as the SDK writes it), with @odata.nextLink
/// paging (two items a page, so paging is always exercised). Like the real service it needs an app-only bearer token
/// (from <see cref="Tokens"/>: 401 <c>InvalidAuthenticationToken</c> otherwise) and answers 403
/// <c>Authorization_RequestDenied</c> to any call the token's <c>roles</c> do not allow, using the application
/// permissions Microsoft documents for each call (user-get, user-list-transitivememberof).
/// </summary>
public sealed class GraphDouble : IAsyncDisposable
{
    /// <summary>The resource (token audience) of Microsoft Graph.</summary>
    public const string Resource = "https://graph.microsoft.com";

    public const string GroupMemberReadAll = "GroupMember.Read.All";
    public const string UserReadAll = "User.Read.All";
    public const string UserReadBasicAll = "User.ReadBasic.All";

    /// <summary>Application permissions that allow GET /users/{id} (any property).</summary>
    private static readonly string[] ReadUserRoles = [UserReadAll, "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>Application permissions that allow reading another user's transitive memberships.</summary>
    private static readonly string[] ReadMembershipRoles =
        [UserReadAll, GroupMemberReadAll, "Group.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>Without Directory.Read.All, directory roles in a membership list come back as id and type only.</summary>
    private static readonly string[] ReadDirectoryRoles = ["Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>User.ReadBasic.All's basic profile.</summary>
    private static readonly HashSet<string> BasicProfile =
        new(["id", "displayName", "givenName", "surname", "mail", "userPrincipalName"], StringComparer.OrdinalIgnoreCase);

    private WebApplication _app = null!;

    private GraphDouble(AppOnlyTokenIssuer tokens) => Tokens = tokens;

    public Dictionary<string, (string Name, string Department, string[] Groups)> Users { get; } = [];

    /// <summary>Path and query of every request, in order (denied ones included).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Path and query of the requests answered 403 for lack of a permission.</summary>
    public ConcurrentQueue<string> Denied { get; } = new();

    /// <summary>Issues and checks the tokens; grant Graph permissions with <c>Tokens.Grant(GraphDouble.Resource, …)</c>.</summary>
    public AppOnlyTokenIssuer Tokens { get; }

    /// <summary>When set, every request is answered with this status (for fail-closed tests).</summary>
    public int? FailWith { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Starts the double; <paramref name="tokens"/> shares an issuer with a token double (managed identity).</summary>
    public static async Task<GraphDouble> StartAsync(AppOnlyTokenIssuer? tokens = null)
    {
        var graph = new GraphDouble(tokens ?? new AppOnlyTokenIssuer());
        (graph._app, var baseAddress) = await LoopbackHost.StartAsync(graph.Map, certificate: null, CancellationToken.None);
        graph.BaseUrl = new Uri(baseAddress, "v1.0");
        return graph;
    }

    /// <summary>Grants exactly <paramref name="roles"/> on Graph and returns a token carrying them.</summary>
    public string TokenWith(params string[] roles)
    {
        Tokens.Grant(Resource, roles);
        return Tokens.Issue(Resource);
    }

    private void Map(WebApplication app)
    {
        var graph = this;
        app.Use(async (http, next) =>
        {
            graph.Requests.Enqueue(http.Request.Path + http.Request.QueryString);
            if (graph.FailWith is { } status)
            {
                await WriteErrorAsync(http, status, "serviceNotAvailable");
                return;
            }

            string authorization = http.Request.Headers.Authorization.ToString();
            string? token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
            if (!graph.Tokens.TryValidate(token, Resource, out var roles))
            {
                await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken");
                return;
            }

            http.Items[typeof(GraphDouble)] = roles;
            await next(http);
        });
        app.MapGet("/v1.0/users/{id}", (string id, HttpContext http) =>
        {
            var select = Select(http.Request);
            var roles = Roles(http);
            bool allowed = ReadUserRoles.Any(roles.Contains)
                || (roles.Contains(UserReadBasicAll) && select.Count > 0 && select.All(BasicProfile.Contains));
            if (!allowed)
            {
                return graph.Deny(http);
            }

            if (!graph.Users.TryGetValue(id, out var user))
            {
                return NotFound();
            }

            var body = new Dictionary<string, object?>
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                ["id"] = id,
                ["displayName"] = user.Name,
                ["department"] = user.Department,
            };
            return Results.Json(select.Count == 0 ? body : body.Where(p => p.Key.StartsWith('@') || select.Contains(p.Key))
                .ToDictionary(p => p.Key, p => p.Value), (JsonSerializerOptions?)null);
        });
        app.MapGet("/v1.0/users/{id}/transitiveMemberOf", (string id, int? skip, HttpContext http) =>
            graph.Memberships(id, skip, groupsOnly: false, http, "transitiveMemberOf"));
        app.MapGet("/v1.0/users/{id}/transitiveMemberOf/{cast}", (string id, string cast, int? skip, HttpContext http) =>
            cast is "microsoft.graph.group" or "graph.group"
                ? graph.Memberships(id, skip, groupsOnly: true, http, "transitiveMemberOf/" + cast)
                : Results.Json(new { error = new { code = "Request_BadRequest" } }, statusCode: 400));
    }

    private IResult Memberships(string id, int? skip, bool groupsOnly, HttpContext http, string path)
    {
        var roles = Roles(http);
        if (!ReadMembershipRoles.Any(roles.Contains))
        {
            return Deny(http);
        }

        if (!Users.TryGetValue(id, out var user))
        {
            return NotFound();
        }

        var all = user.Groups.Select(g => new Dictionary<string, object?> { ["@odata.type"] = "#microsoft.graph.group", ["id"] = g }).ToList();
        if (!groupsOnly)
        {
            // A directory role mixed in: only groups may count. Without Directory.Read.All it comes back as id and type only.
            all.Add(ReadDirectoryRoles.Any(roles.Contains)
                ? new() { ["@odata.type"] = "#microsoft.graph.directoryRole", ["id"] = "role-1", ["displayName"] = "Global Reader" }
                : new() { ["@odata.type"] = "#microsoft.graph.directoryRole", ["id"] = "role-1" });
        }

        int from = skip ?? 0;
        var body = new Dictionary<string, object?> { ["value"] = all.Skip(from).Take(2).ToList() };
        if (from + 2 < all.Count)
        {
            body["@odata.nextLink"] = $"{http.Request.Scheme}://{http.Request.Host}/v1.0/users/{id}/{path}?skip={from + 2}";
        }

        return Results.Json(body, (JsonSerializerOptions?)null);
    }

    private IResult Deny(HttpContext http)
    {
        Denied.Enqueue(http.Request.Path + http.Request.QueryString);
        return Results.Json(new
        {
            error = new { code = "Authorization_RequestDenied", message = "Insufficient privileges to complete the operation." },
        }, statusCode: StatusCodes.Status403Forbidden);
    }

    private static IResult NotFound() => Results.Json(new { error = new { code = "Request_ResourceNotFound" } }, statusCode: 404);

    private static IReadOnlySet<string> Roles(HttpContext http) => (IReadOnlySet<string>)http.Items[typeof(GraphDouble)]!;

    private static HashSet<string> Select(HttpRequest request) =>
        request.Query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static Task WriteErrorAsync(HttpContext http, int status, string code)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { error = new { code, message = code } });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
