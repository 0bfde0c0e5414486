using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;
using TeamsBot.Storage;

namespace TeamsBot.Lifecycle;

/// <summary>
/// Places, lifts and lists legal holds, each change in the audit log. The hold's reason goes to the audit log as
/// content: always hashed, stored only with <c>Audit:IncludeContent=true</c>.
/// </summary>
public sealed partial class LegalHoldService(
    IDbContextFactory<BotDbContext> contexts,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<LegalHoldService> logger)
{
    /// <summary>Places the hold. It is in force before it is audited; if the audit fails, it is taken back.</summary>
    public async Task<LegalHoldRecord> PlaceAsync(LegalHoldRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Reason);
        if (string.IsNullOrWhiteSpace(request.UserId) == string.IsNullOrWhiteSpace(request.ConversationId))
        {
            throw new ArgumentException("A hold is on a user or on a conversation, exactly one.", nameof(request));
        }

        if (request.Reason.Length > LegalHoldRecord.MaxReasonLength)
        {
            throw new ArgumentException($"The reason is longer than {LegalHoldRecord.MaxReasonLength} characters.",
                nameof(request));
        }

        var hold = new LegalHoldRecord
        {
            TenantId = request.TenantId.Trim(),
            UserId = NullIfBlank(request.UserId),
            ConversationId = NullIfBlank(request.ConversationId),
            Reason = request.Reason.Trim(),
            PlacedBy = request.PlacedBy,
            PlacedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.LegalHolds.Add(hold);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await audit.AppendAsync(Entry(hold, AuditDecision.HoldPlaced, request.PlacedBy), cancellationToken);
        }
        catch
        {
            await db.LegalHolds.Where(h => h.Id == hold.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }

        LogPlaced(hold.Id, hold.TenantId);
        return hold;
    }

    /// <summary>
    /// Lifts hold <paramref name="id"/> of the tenant (any tenant when null, for the CLI). Audited first: should the
    /// delete then fail, the data stays held, which is the safe side. Null when there is no such hold.
    /// </summary>
    public async Task<LegalHoldRecord?> LiftAsync(string? tenantId, long id, string liftedBy,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hold = await db.LegalHolds.AsNoTracking()
            .FirstOrDefaultAsync(h => h.Id == id && (tenantId == null || h.TenantId == tenantId), cancellationToken);
        if (hold is null)
        {
            return null;
        }

        await audit.AppendAsync(Entry(hold, AuditDecision.HoldLifted, liftedBy), cancellationToken);
        await db.LegalHolds.Where(h => h.Id == id).ExecuteDeleteAsync(cancellationToken);
        LogLifted(hold.Id, hold.TenantId);
        return hold;
    }

    /// <summary>Holds in force, oldest first; all tenants when <paramref name="tenantId"/> is null.</summary>
    public async Task<IReadOnlyList<LegalHoldRecord>> ListAsync(string? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LegalHolds.AsNoTracking().Where(h => tenantId == null || h.TenantId == tenantId)
            .OrderBy(h => h.Id).ToListAsync(cancellationToken);
    }

    /// <summary>What of the user's data is held: a hold on them, or holds on conversations they wrote in.</summary>
    public async Task<UserHolds> ForUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ForUserAsync(db, tenantId, userId, cancellationToken);
    }

    private static async Task<UserHolds> ForUserAsync(BotDbContext db, string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        if (await db.LegalHolds.AnyAsync(h => h.TenantId == tenantId && h.UserId == userId, cancellationToken))
        {
            return new UserHolds(true, []);
        }

        var held = await db.LegalHolds.Where(h => h.TenantId == tenantId && h.ConversationId != null)
            .Select(h => h.ConversationId!).ToListAsync(cancellationToken);
        if (held.Count == 0)
        {
            return UserHolds.None;
        }

        var wroteIn = await db.Turns.Where(t => t.TenantId == tenantId && t.UserId == userId)
            .Select(t => t.ConversationId).Distinct().ToListAsync(cancellationToken);
        return new UserHolds(false, wroteIn.Where(c => LegalHoldQueries.IsHeld(c, held)).Order(StringComparer.Ordinal).ToList());
    }

    private static AuditEntry Entry(LegalHoldRecord hold, AuditDecision decision, string actor) => new()
    {
        TenantId = hold.TenantId,
        UserId = hold.UserId ?? string.Empty,
        ConversationId = hold.ConversationId ?? string.Empty,
        Scope = hold.UserId is null ? "Conversation" : "User",
        PolicyVersion = string.Empty,
        Decision = decision,
        Rule = string.Create(CultureInfo.InvariantCulture, $"legal-hold {hold.Id} by {actor}"),
        MessageText = hold.Reason,
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Legal hold {HoldId} placed in tenant {TenantId}")]
    private partial void LogPlaced(long holdId, string tenantId);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Legal hold {HoldId} lifted in tenant {TenantId}")]
    private partial void LogLifted(long holdId, string tenantId);
}
