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
        string? adminGroup = options.CurrentValue.AdminGroup;
        if (ParseDays(message.Text) is not { } days || string.IsNullOrWhiteSpace(adminGroup)
            || message.Scope != ConversationScope.Personal)
        {
            return null;
        }

        var policy = policies.For(message.TenantId);
        if (!policy.TenantAllowed || policy.BlockedUsers.Contains(message.UserId))
        {
            return null;
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
            return null;
        }

        if (!user.GroupIds.Any(g => string.Equals(g, adminGroup.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        LogGranted(message.TenantId, days);
        var to = clock.GetUtcNow().UtcDateTime;
        var report = await reports.BuildAsync(
            new ReportRequest(to.AddDays(-days), to, ReportDimension.Tenant, message.TenantId), cancellationToken);
        return [ReportCards.Summary(report, days)];
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
        Message = "Admin report command from tenant {TenantId}: membership could not be read; treated as a message")]
    private partial void LogMembershipUnknown(string tenantId);
}
