using Microsoft.Extensions.Options;
using TeamsBot.Graph;
using TeamsBot.Policy;

namespace TeamsBot.Reports;

/// <summary>
/// Turns per-user figures into rows. Departments and groups come from the directory at report time (the audit log
/// records neither), and any with fewer than Reports:MinGroupSize users fold into <see cref="UsageReport.OtherGroup"/>.
/// </summary>
internal sealed class UsageReportBuilder(
    ActivityQuery query,
    DirectoryLookup directory,
    IPolicyProvider policies,
    IOptionsMonitor<ReportOptions> options)
{
    public async Task<UsageReport> BuildAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.CurrentValue;
        var users = await query.ReadAsync(request, cancellationToken);
        var comments = settings.IncludeFeedbackComments ? await query.ReadCommentsAsync(request, cancellationToken) : null;

        IReadOnlyDictionary<(string, string), DirectoryUser> known = request.Dimension == ReportDimension.Tenant
            ? new Dictionary<(string, string), DirectoryUser>()
            : await directory.FindAsync(users, cancellationToken);
        var keysByUser = users.Select(u => (User: u, Keys: KeysOf(request.Dimension, u, known))).ToList();
        var labels = request.Dimension == ReportDimension.Tenant
            ? null
            : Fold(keysByUser.SelectMany(e => e.Keys.Select(k => (Key: k, e.User))), settings.MinGroupSize);

        var rows = new Dictionary<string, ReportRow>(StringComparer.Ordinal);
        var total = new ReportRow("(total)");
        foreach (var (user, keys) in keysByUser)
        {
            total.Add(user);
            // A user in two groups that both fold into "other" counts there once.
            foreach (string label in keys.Select(k => labels?[k] ?? k).Distinct(StringComparer.Ordinal))
            {
                if (!rows.TryGetValue(label, out var row))
                {
                    row = new ReportRow(label);
                    rows.Add(label, row);
                }

                row.Add(user);
            }
        }

        foreach (var row in rows.Values.Append(total))
        {
            row.Price(settings.PricePer1KInputTokens, settings.PricePer1KOutputTokens);
        }

        int unresolved = request.Dimension == ReportDimension.Tenant ? 0 : users.Count(u => !known.ContainsKey((u.TenantId, u.UserId)));
        var ordered = rows.Values.OrderBy(r => r.Group == UsageReport.OtherGroup)
            .ThenByDescending(r => r.Messages).ThenBy(r => r.Group, StringComparer.Ordinal).ToList();
        return new UsageReport(request.FromUtc, request.ToUtc, request.Dimension, settings.MinGroupSize, users.Count, ordered,
            total, comments, unresolved);
    }

    private List<string> KeysOf(ReportDimension dimension, UserActivity user,
        IReadOnlyDictionary<(string, string), DirectoryUser> known)
    {
        if (dimension == ReportDimension.Tenant)
        {
            return [user.TenantId];
        }

        if (!known.TryGetValue((user.TenantId, user.UserId), out var entry))
        {
            return [UsageReport.UnknownGroup];
        }

        if (dimension == ReportDimension.Department)
        {
            return [string.IsNullOrWhiteSpace(entry.Department) ? UsageReport.UnknownGroup : entry.Department.Trim()];
        }

        // The tenant's allowed groups as the policy lists them now; group ids are lower-case there.
        var groups = policies.For(user.TenantId).AllowedGroups
            .Where(g => entry.GroupIds.Contains(g)).ToList();
        return groups.Count == 0 ? [UsageReport.NoAllowedGroup] : groups;
    }

    /// <summary>
    /// Maps each group to itself, or to "other" when it has fewer than <paramref name="minimum"/> users. When "other"
    /// itself ends up with 1 to minimum-1 users, the next smallest groups join it until it does not, so no figure
    /// describes fewer than k people.
    /// </summary>
    internal static Dictionary<string, string> Fold(IEnumerable<(string Key, UserActivity User)> memberships, int minimum)
    {
        var members = memberships.GroupBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.User).ToHashSet(), StringComparer.Ordinal);
        var labels = members.Keys.ToDictionary(k => k, k => k, StringComparer.Ordinal);
        var other = new HashSet<UserActivity>();
        var large = new List<string>();
        foreach (var (key, users) in members)
        {
            if (users.Count < minimum)
            {
                labels[key] = UsageReport.OtherGroup;
                other.UnionWith(users);
            }
            else
            {
                large.Add(key);
            }
        }

        foreach (string key in large.OrderBy(k => members[k].Count).ThenBy(k => k, StringComparer.Ordinal))
        {
            if (other.Count == 0 || other.Count >= minimum)
            {
                break;
            }

            labels[key] = UsageReport.OtherGroup;
            other.UnionWith(members[key]);
        }

        return labels;
    }
}
