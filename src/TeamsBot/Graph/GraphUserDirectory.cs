using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace TeamsBot.Graph;

/// <summary>
/// Reads transitive group membership (all pages) from Graph, and the department only when Graph:ReadDepartment is on;
/// cached per user for Graph:CacheTtl. Every call here is one the documented application permissions allow:
/// GroupMember.Read.All by default, plus User.Read.All for the department.
/// </summary>
/// <remarks>
/// Graph's tasks are awaited as plain <see cref="Task"/>s: an awaiter of a Graph type would be a field of the async
/// method's state machine, and loading every type of this assembly (Entity Framework does, to find migrations) would
/// then load all of Microsoft.Graph into bots that never read the directory.
/// </remarks>
internal sealed partial class GraphUserDirectory(
    GraphClients clients,
    IMemoryCache cache,
    IOptionsMonitor<GraphOptions> options,
    ILogger<GraphUserDirectory> logger) : IUserDirectory
{
    /// <summary>Graph's maximum page size for transitiveMemberOf (the default is 100).</summary>
    private const int PageSize = 999;

    public async Task<DirectoryUser> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        string key = $"graph-user:{tenantId}:{userId}";
        if (cache.TryGetValue(key, out DirectoryUser? cached) && cached is not null)
        {
            return cached;
        }

        var settings = options.CurrentValue;
        DirectoryUser user;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            var graph = clients.For(tenantId);
            var groups = await ReadGroupsAsync(graph, userId, settings.MaxPages, timeout.Token);
            string? department = settings.ReadDepartment ? await ReadDepartmentAsync(graph, userId, timeout.Token) : null;
            user = new DirectoryUser(userId, DisplayName: null, department, groups);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(exception.GetType().Name);
            throw new DirectoryUnavailableException("Microsoft Graph could not be read.", exception);
        }

        cache.Set(key, user, settings.CacheTtl);
        return user;
    }

    /// <summary>
    /// GET /users/{id}/transitiveMemberOf/microsoft.graph.group?$select=id (the SDK writes the cast graph.group),
    /// following @odata.nextLink. The cast leaves out directory roles and administrative units, which
    /// GroupMember.Read.All could not read anyway. Application permission: GroupMember.Read.All (or
    /// User.Read.All, Group.Read.All, Directory.Read.All), https://learn.microsoft.com/graph/api/user-list-transitivememberof
    /// </summary>
    private static async Task<HashSet<string>> ReadGroupsAsync(GraphServiceClient graph, string userId, int maxPages,
        CancellationToken cancellationToken)
    {
        var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var request = graph.Users[userId].TransitiveMemberOf.GraphGroup;
        var pending = request.GetAsync(r =>
        {
            r.QueryParameters.Select = ["id"];
            r.QueryParameters.Top = PageSize;
        }, cancellationToken);
        await (Task)pending;
        var page = pending.Result;
        int pages = 0;
        while (page is not null)
        {
            if (++pages > maxPages)
            {
                throw new InvalidOperationException("Membership has more pages than Graph:MaxPages.");
            }

            foreach (var group in page.Value ?? [])
            {
                if (group.Id is { } id)
                {
                    groups.Add(id);
                }
            }

            if (page.OdataNextLink is not { } next)
            {
                break;
            }

            pending = request.WithUrl(next).GetAsync(cancellationToken: cancellationToken);
            await (Task)pending;
            page = pending.Result;
        }

        return groups;
    }

    /// <summary>
    /// GET /users/{id}?$select=department. Application permission: User.Read.All (User.ReadBasic.All's basic profile
    /// has no department), https://learn.microsoft.com/graph/api/user-get and
    /// https://learn.microsoft.com/graph/permissions-reference#userreadbasicall
    /// </summary>
    private static async Task<string?> ReadDepartmentAsync(GraphServiceClient graph, string userId, CancellationToken cancellationToken)
    {
        var pending = graph.Users[userId].GetAsync(r => r.QueryParameters.Select = ["department"], cancellationToken);
        await (Task)pending;
        return pending.Result?.Department;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "Microsoft Graph could not be read ({ExceptionType}); group checks fail closed")]
    private partial void LogUnavailable(string exceptionType);
}
