using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace TeamsBot.Graph;

/// <summary>Reads profile and transitive membership (all pages) from Graph, cached per user for Graph:CacheTtl.</summary>
internal sealed partial class GraphUserDirectory(
    Func<string, GraphServiceClient> clients,
    IMemoryCache cache,
    IOptionsMonitor<GraphOptions> options,
    ILogger<GraphUserDirectory> logger) : IUserDirectory
{
    public async Task<DirectoryUser> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        string key = $"graph-user:{tenantId}:{userId}";
        if (cache.TryGetValue(key, out DirectoryUser? cached) && cached is not null)
        {
            return cached;
        }

        DirectoryUser user;
        try
        {
            user = await LoadAsync(clients(tenantId), userId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(exception.GetType().Name);
            throw new DirectoryUnavailableException("Microsoft Graph could not be read.", exception);
        }

        cache.Set(key, user, options.CurrentValue.CacheTtl);
        return user;
    }

    private async Task<DirectoryUser> LoadAsync(GraphServiceClient graph, string userId, CancellationToken cancellationToken)
    {
        var profile = await graph.Users[userId].GetAsync(r => r.QueryParameters.Select = ["id", "displayName", "department"],
            cancellationToken);
        var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var page = await graph.Users[userId].TransitiveMemberOf.GetAsync(r =>
        {
            r.QueryParameters.Select = ["id"];
            r.QueryParameters.Top = 999;
        }, cancellationToken);
        int pages = 0;
        while (page is not null)
        {
            if (++pages > options.CurrentValue.MaxPages)
            {
                throw new InvalidOperationException("Membership has more pages than Graph:MaxPages.");
            }

            foreach (var item in page.Value ?? [])
            {
                // Directory roles and administrative units come back too; only groups count.
                if (item is Group or { OdataType: "#microsoft.graph.group" } && item.Id is { } id)
                {
                    groups.Add(id);
                }
            }

            page = page.OdataNextLink is { } next
                ? await graph.Users[userId].TransitiveMemberOf.WithUrl(next).GetAsync(cancellationToken: cancellationToken)
                : null;
        }

        return new DirectoryUser(userId, profile?.DisplayName, profile?.Department, groups);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "Microsoft Graph could not be read ({ExceptionType}); group checks fail closed")]
    private partial void LogUnavailable(string exceptionType);
}
