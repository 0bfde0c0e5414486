using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.Graph;
using TeamsBot.History;
using TeamsBot.Policy;

namespace TeamsBot.Reports;

/// <summary>
/// <c>report</c> / <c>report 30</c> typed to the bot in a personal chat by a member of Reports:AdminGroup: the
/// organisation's usage summary for the last 7 or 30 days. For anyone else, anywhere else, or when membership cannot
/// be read, it is not a command at all: the message goes on as an ordinary one, so the command does not reveal
/// itself. It is not in the app manifest's command list for the same reason (that list is shown to every user).
/// </summary>
internal sealed partial class AdminReportCommand(
    UsageReportBuilder reports,
    IUserDirectory directory,
    IPolicyProvider policies,
    IOptionsMonitor<ReportOptions> options,
    TimeProvider clock,
    ILogger<AdminReportCommand> logger)
{
    public const string Name = "report";
    private const int DefaultDays = 7;
    private static readonly int[] AllowedDays = [7, 30];

    /// <summary>The summary card if this is the admin command from an admin; null to treat it as a normal message.</summary>
    public async Task<IReadOnlyList<AdaptiveCard>?> TryHandleAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ParseDays(message.Text) is not { } days || !await IsAdminAsync(message, cancellationToken))
        {
            return null;
        }

        LogGranted(message.TenantId, days);
        var to = clock.GetUtcNow().UtcDateTime;
        var report = await reports.BuildAsync(
            new ReportRequest(to.AddDays(-days), to, ReportDimension.Tenant, message.TenantId), cancellationToken);
        return [ReportCards.Summary(report, days)];
    }

    /// <summary>
    /// Whether the message is from a member of Reports:AdminGroup, in a personal chat, admitted by the tenant policy.
    /// False whenever membership cannot be read: the admin commands fail closed.
    /// </summary>
    internal async Task<bool> IsAdminAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        string? adminGroup = options.CurrentValue.AdminGroup;
        if (string.IsNullOrWhiteSpace(adminGroup) || message.Scope != ConversationScope.Personal)
        {
            return false;
        }

        var policy = policies.For(message.TenantId);
        if (!policy.TenantAllowed || policy.BlockedUsers.Contains(message.UserId))
        {
            return false;
        }

        DirectoryUser user;
        try
        {
            user = await directory.GetUserAsync(message.TenantId, message.UserId, cancellationToken);
        }
        catch (DirectoryUnavailableException)
        {
            // Fail closed, and silently: an admin gets what everyone else gets.
            LogMembershipUnknown(message.TenantId);
            return false;
        }

        return user.GroupIds.Any(g => string.Equals(g, adminGroup.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary><c>report</c> (7 days), <c>report 7</c> or <c>report 30</c>, any case; anything else is not the command.</summary>
    internal static int? ParseDays(string? text)
    {
        string[] words = (text ?? string.Empty).Trim().TrimEnd('.', '!').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 2 || !words[0].Equals(Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (words.Length == 1)
        {
            return DefaultDays;
        }

        return int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out int days)
            && AllowedDays.Contains(days) ? days : null;
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Admin usage report for tenant {TenantId}, last {Days} days")]
    private partial void LogGranted(string tenantId, int days);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "Admin command from tenant {TenantId}: membership could not be read; treated as a message")]
    private partial void LogMembershipUnknown(string tenantId);
}
