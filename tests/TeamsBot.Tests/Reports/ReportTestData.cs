using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Storage;
using TeamsBot.Tests.Audit;

namespace TeamsBot.Tests.Reports;

/// <summary>Varied, repeatable activity: two tenants, several users, every decision, redactions and feedback.</summary>
internal static class ReportTestData
{
    /// <summary>Turn n is appended at Start + n hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static AuditEntry Entry(int n, int users)
    {
        var (decision, rule) = (n % 5, n % 7, n % 11) switch
        {
            (0, _, _) => (AuditDecision.Refused, "quota.user_messages"),
            (_, 0, _) => (AuditDecision.Refused, "policy.group"),
            (_, _, 0) => (AuditDecision.Failed, "model.timeout"),
            _ when n % 4 == 0 => (AuditDecision.Redacted, null),
            _ => (AuditDecision.Allowed, (string?)null),
        };
        bool answered = decision is AuditDecision.Allowed or AuditDecision.Redacted;
        return new AuditEntry
        {
            TenantId = n % 3 == 0 ? "tenant-b" : "tenant-a",
            UserId = $"user-{n % users}",
            ConversationId = $"a:conv-{n % users}",
            Scope = "Personal",
            PolicyVersion = "v1",
            Decision = decision,
            Rule = rule,
            Redactions = n % 4 == 0 ? new Dictionary<string, int> { ["email"] = 1 + (n % 2), ["iban"] = 1 }
                : n % 6 == 0 ? new Dictionary<string, int> { ["github_token"] = 1 } : null,
            Model = "gpt-4o",
            TokensIn = answered ? 100 + n : null,
            TokensOut = answered ? 50 + n : null,
            Latency = TimeSpan.FromMilliseconds(200),
            MessageText = $"message {n}",
        };
    }

    public static async Task AppendAsync(IDbContextFactory<BotDbContext> database, int count, int users)
    {
        var log = AuditTestData.CreateLog(database, clock: new SteppingClock(Start.AddHours(1), TimeSpan.FromHours(1)));
        for (int n = 1; n <= count; n++)
        {
            await log.AppendAsync(Entry(n, users), default);
        }
    }

    /// <summary>Stores a rated turn and the reaction, as the feedback invoke would leave them.</summary>
    public static async Task AddFeedbackAsync(IDbContextFactory<BotDbContext> database, string tenantId, string userId,
        FeedbackReaction reaction, DateTime atUtc, string? comment = null)
    {
        await using var db = await database.CreateDbContextAsync();
        string conversation = $"a:feedback-{Guid.NewGuid():N}";
        db.Conversations.Add(new ConversationRecord
        {
            Id = conversation,
            TenantId = tenantId,
            Scope = ConversationScope.Personal,
            ReferenceJson = "{}",
            CreatedAt = atUtc,
            UpdatedAt = atUtc,
        });
        var turn = new TurnRecord
        {
            ConversationId = conversation,
            ActivityId = "a1",
            Role = TurnRole.User,
            Status = TurnStatus.Answered,
            Text = "question",
            TenantId = tenantId,
            UserId = userId,
            CreatedAt = atUtc,
        };
        db.Turns.Add(turn);
        await db.SaveChangesAsync();
        db.Feedback.Add(new FeedbackRecord
        {
            TurnId = turn.Id,
            TenantId = tenantId,
            UserId = userId,
            Reaction = reaction,
            Comment = comment,
            CreatedAt = atUtc,
            UpdatedAt = atUtc,
        });
        await db.SaveChangesAsync();
    }
}
