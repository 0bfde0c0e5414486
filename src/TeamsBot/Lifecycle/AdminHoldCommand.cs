using System.Globalization;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Reports;

namespace TeamsBot.Lifecycle;

/// <summary>
/// Legal holds from Teams, for the admins the <c>report</c> command recognises (Reports:AdminGroup, personal chat):
/// <c>hold user &lt;object id&gt; &lt;reason&gt;</c>, <c>hold conversation &lt;id&gt; &lt;reason&gt;</c>,
/// <c>hold lift &lt;id&gt;</c>, <c>holds</c>. Within the admin's own tenant only. For anyone else it is not a
/// command and the message goes on as an ordinary one, so the command does not reveal itself.
/// </summary>
internal sealed partial class AdminHoldCommand(
    AdminReportCommand admins,
    LegalHoldService holds,
    ILogger<AdminHoldCommand> logger)
{
    /// <summary>The answer if this is a hold command from an admin; null to treat it as a normal message.</summary>
    public async Task<IReadOnlyList<AdaptiveCard>?> TryHandleAsync(IncomingMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        string[] words = (message.Text ?? string.Empty).Trim().Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        // "hold on, …" is a question: only the command's own shapes are taken.
        string[] lower = words.Select(w => w.ToLowerInvariant()).ToArray();
        bool isHoldCommand = lower is ["holds"] or ["hold"] or ["hold", "user" or "conversation" or "lift", ..];
        if (!isHoldCommand || !await admins.IsAdminAsync(message, cancellationToken))
        {
            return null;
        }

        LogCommand(message.TenantId);
        switch (lower.Take(2).ToArray())
        {
            case ["holds"]:
                return [LifecycleCards.Holds(await holds.ListAsync(message.TenantId, cancellationToken))];
            case ["hold", "user" or "conversation"] when words.Length == 4:
                bool onUser = words[1].Equals("user", StringComparison.OrdinalIgnoreCase);
                if (words[3].Length > LegalHoldRecord.MaxReasonLength)
                {
                    return [LifecycleCards.HoldUsage()];
                }

                var placed = await holds.PlaceAsync(new LegalHoldRequest(message.TenantId, onUser ? words[2] : null,
                    onUser ? null : words[2], words[3], message.UserId), cancellationToken);
                return [LifecycleCards.HoldPlaced(placed)];
            case ["hold", "lift"] when words.Length == 3
                && long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out long id):
                var lifted = await holds.LiftAsync(message.TenantId, id, message.UserId, cancellationToken);
                return [lifted is null ? LifecycleCards.NoSuchHold(id) : LifecycleCards.HoldLifted(lifted)];
            default:
                return [LifecycleCards.HoldUsage()];
        }
    }

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Admin legal-hold command in tenant {TenantId}")]
    private partial void LogCommand(string tenantId);
}
