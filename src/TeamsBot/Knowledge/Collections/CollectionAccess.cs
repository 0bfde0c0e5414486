using TeamsBot.Graph;
using TeamsBot.Knowledge.Retrieval;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// What a person may read, for the retrieval query's filter: their own files, and the collections that name them or
/// a group they belong to, transitively (read from Graph through <see cref="IUserDirectory"/>, cached for
/// Graph:CacheTtl, so a member removed from a group loses access within that time). When Graph cannot be read, no
/// collection at all: own files only, and <see cref="ReaderAccessResult.CollectionsWithheld"/> says so.
/// </summary>
internal sealed partial class CollectionAccess(CollectionStore collections, IUserDirectory directory,
    ILogger<CollectionAccess> logger)
{
    public async Task<ReaderAccessResult> ResolveAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var own = ReaderAccess.OwnFiles(tenantId, userId);
        var inTenant = await collections.ListAsync(tenantId, cancellationToken);
        if (inTenant.Count == 0)
        {
            return new ReaderAccessResult(own, CollectionsWithheld: false);
        }

        IReadOnlySet<string> groups = new HashSet<string>();
        if (inTenant.Any(c => CollectionReaders.NamesGroups(c.Readers)))
        {
            try
            {
                groups = (await directory.GetUserAsync(tenantId, userId, cancellationToken)).GroupIds;
            }
            catch (DirectoryUnavailableException)
            {
                // Fail closed: without the groups, no collection, not even one naming the person (a partial answer
                // would look complete).
                LogWithheld(tenantId);
                return new ReaderAccessResult(own, CollectionsWithheld: true);
            }
        }

        var readable = inTenant.Where(c => CollectionReaders.Allows(c.Readers, userId, groups)).Select(c => c.Id).ToList();
        return new ReaderAccessResult(own with { CollectionIds = readable }, CollectionsWithheld: false);
    }

    [LoggerMessage(EventId = 1945, Level = LogLevel.Warning,
        Message = "Group membership could not be read in tenant {TenantId}; collections withheld, own files only")]
    private partial void LogWithheld(string tenantId);
}
