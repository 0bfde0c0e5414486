using System.Collections.Concurrent;
using TeamsBot.Graph;

namespace TeamsBot.Reports;

/// <summary>
/// Looks up each reported user once, a few at a time (the directory caches per user for Graph:CacheTtl). A user it
/// cannot read is left out (reported as unknown); after <see cref="FailuresBeforeGivingUp"/> failures without one
/// success the directory is taken to be unreachable and the rest are not asked, so a report without Graph still
/// finishes in seconds.
/// </summary>
internal sealed partial class DirectoryLookup(IUserDirectory directory, ILogger<DirectoryLookup> logger)
{
    internal const int FailuresBeforeGivingUp = 10;
    private const int Parallelism = 8;

    public async Task<IReadOnlyDictionary<(string TenantId, string UserId), DirectoryUser>> FindAsync(
        IReadOnlyCollection<UserActivity> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var found = new ConcurrentDictionary<(string, string), DirectoryUser>();
        int failures = 0;
        await Parallel.ForEachAsync(users,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (user, ct) =>
            {
                if (Volatile.Read(ref failures) >= FailuresBeforeGivingUp && found.IsEmpty)
                {
                    return;
                }

                try
                {
                    found[(user.TenantId, user.UserId)] = await directory.GetUserAsync(user.TenantId, user.UserId, ct);
                }
                catch (DirectoryUnavailableException)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        if (found.Count < users.Count)
        {
            LogUnresolved(users.Count - found.Count, users.Count);
        }

        return found;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "The directory described {Unresolved} of {Users} reported users; they are reported as unknown")]
    private partial void LogUnresolved(int unresolved, int users);
}
