using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Storage;

namespace TeamsBot.Reports;

/// <summary>
/// Reads a range's figures per user with GROUP BY in the database, so a month of activity comes back as one row per
/// user and distinct decision, never one row per turn. Plain LINQ: the same query runs on SQLite and PostgreSQL.
/// </summary>
internal sealed class ActivityQuery(IDbContextFactory<BotDbContext> contexts)
{
    internal const string QuotaRulePrefix = "quota.";

    /// <summary>Newest comments a report lists; older ones are left out (the count says so).</summary>
    internal const int MaxComments = 500;

    /// <summary>Turn decisions; holds and purges share the audit log but are no one's messages.</summary>
    private static readonly AuditDecision[] TurnDecisions =
        [AuditDecision.Allowed, AuditDecision.Refused, AuditDecision.Redacted, AuditDecision.Failed];

    public async Task<IReadOnlyCollection<UserActivity>> ReadAsync(ReportRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (from, to) = Bounds(request);
        string? tenant = request.TenantId;
        var users = new Dictionary<(string, string), UserActivity>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var decisions = await db.Set<AuditRecord>().AsNoTracking()
            .Where(r => r.Timestamp >= from && r.Timestamp <= to && (tenant == null || r.TenantId == tenant))
            .Where(r => TurnDecisions.Contains(r.Decision))
            .GroupBy(r => new { r.TenantId, r.UserId, r.Decision, r.Rule, r.Redactions })
            .Select(g => new
            {
                g.Key.TenantId,
                g.Key.UserId,
                g.Key.Decision,
                g.Key.Rule,
                g.Key.Redactions,
                Count = g.LongCount(),
                TokensIn = g.Sum(r => (long?)r.TokensIn),
                TokensOut = g.Sum(r => (long?)r.TokensOut),
            })
            .ToListAsync(cancellationToken);
        var people = await AuditSubjects.UserIdsAsync(db, decisions.Select(d => d.UserId), cancellationToken);
        // Distinct redaction objects repeat across users ({"email":1} thousands of times): parse each once.
        var parsedRedactions = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var row in decisions)
        {
            var user = UserOf(users, row.TenantId, people[row.UserId]);
            user.Messages += row.Count;
            user.TokensIn += row.TokensIn ?? 0;
            user.TokensOut += row.TokensOut ?? 0;
            if (row.Decision == AuditDecision.Refused)
            {
                user.Refused += row.Count;
                string rule = row.Rule ?? "(none)";
                user.RefusalsByRule[rule] = user.RefusalsByRule.GetValueOrDefault(rule) + row.Count;
            }
            else if (row.Decision == AuditDecision.Failed)
            {
                user.Failed += row.Count;
            }

            if (row.Redactions is not null)
            {
                if (!parsedRedactions.TryGetValue(row.Redactions, out var findings))
                {
                    findings = ParseRedactions(row.Redactions);
                    parsedRedactions.Add(row.Redactions, findings);
                }

                foreach (var (detector, count) in findings)
                {
                    user.DlpFindings[detector] = user.DlpFindings.GetValueOrDefault(detector) + (count * row.Count);
                }
            }
        }

        // Feedback counts as of its last change: a changed reaction replaces the first one in the table.
        var reactions = await db.Feedback.AsNoTracking()
            .Where(f => f.UpdatedAt >= from && f.UpdatedAt <= to && (tenant == null || f.TenantId == tenant))
            .GroupBy(f => new { f.TenantId, f.UserId, f.Reaction })
            .Select(g => new { g.Key.TenantId, g.Key.UserId, g.Key.Reaction, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        foreach (var row in reactions)
        {
            var user = UserOf(users, row.TenantId, row.UserId);
            if (row.Reaction == FeedbackReaction.Like)
            {
                user.Likes += row.Count;
            }
            else
            {
                user.Dislikes += row.Count;
            }
        }

        return users.Values;
    }

    /// <summary>The newest comments in the range, oldest first; no user id or tenant leaves the database.</summary>
    public async Task<IReadOnlyList<ReportComment>> ReadCommentsAsync(ReportRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (from, to) = Bounds(request);
        string? tenant = request.TenantId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var newest = await db.Feedback.AsNoTracking()
            .Where(f => f.UpdatedAt >= from && f.UpdatedAt <= to && f.Comment != null
                && (tenant == null || f.TenantId == tenant))
            .OrderByDescending(f => f.UpdatedAt).ThenByDescending(f => f.Id).Take(MaxComments)
            .Select(f => new { f.UpdatedAt, f.Reaction, f.Comment })
            .ToListAsync(cancellationToken);
        return newest.AsEnumerable().Reverse()
            .Select(f => new ReportComment(DateTime.SpecifyKind(f.UpdatedAt, DateTimeKind.Utc), f.Reaction.ToString(), f.Comment!))
            .ToList();
    }

    /// <summary>PostgreSQL compares timestamptz only with UTC values; SQLite compares the stored text, also UTC.</summary>
    private static (DateTime From, DateTime To) Bounds(ReportRequest request) =>
        (DateTime.SpecifyKind(request.FromUtc, DateTimeKind.Utc), DateTime.SpecifyKind(request.ToUtc, DateTimeKind.Utc));

    private static UserActivity UserOf(Dictionary<(string, string), UserActivity> users, string tenantId, string userId)
    {
        if (!users.TryGetValue((tenantId, userId), out var user))
        {
            user = new UserActivity(tenantId, userId);
            users.Add((tenantId, userId), user);
        }

        return user;
    }

    /// <summary>The audit log's own compact form, <c>{"email":2,"iban":1}</c> (see <see cref="AuditHash"/>).</summary>
    private static Dictionary<string, long> ParseRedactions(string json)
    {
        var findings = new Dictionary<string, long>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            findings[property.Name] = property.Value.GetInt64();
        }

        return findings;
    }
}
