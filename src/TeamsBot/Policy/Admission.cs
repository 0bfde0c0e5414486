using TeamsBot.Cards;
using TeamsBot.Graph;
using TeamsBot.History;

namespace TeamsBot.Policy;

/// <summary>
/// The one rule for "may this user use the bot here", used by every inbound path (messages, commands, card buttons,
/// feedback, welcome) and again when a stored message is answered. Checked in order: tenant present and
/// allowed, scope allowed, user present and not blocked, member of an allowed group. Whatever cannot be checked is refused.
/// </summary>
public sealed class Admission(IPolicyProvider policies, IUserDirectory directory)
{
    public async Task<AdmissionResult> CheckAsync(string? tenantId, string? userId, ConversationScope scope,
        CancellationToken cancellationToken)
    {
        var policy = policies.For(tenantId ?? string.Empty);
        if (string.IsNullOrWhiteSpace(tenantId))
        {
            return AdmissionResult.Refused(policy, "identity.tenant_missing", BotCards.UnknownUser());
        }

        if (!policy.TenantAllowed)
        {
            return AdmissionResult.Refused(policy, "policy.tenant", PolicyCards.TenantNotAllowed());
        }

        if (!policy.Scopes.Contains(scope))
        {
            return AdmissionResult.Refused(policy, "policy.scope." + scope.ToString().ToLowerInvariant(),
                PolicyCards.ScopeNotAllowed(scope switch
                {
                    ConversationScope.Channel => "channels",
                    ConversationScope.GroupChat => "group chats",
                    _ => "personal chats",
                }));
        }

        if (string.IsNullOrWhiteSpace(userId))
        {
            return AdmissionResult.Refused(policy, "identity.missing", BotCards.UnknownUser());
        }

        if (policy.BlockedUsers.Contains(userId))
        {
            return AdmissionResult.Refused(policy, "policy.blocked_user", PolicyCards.UserBlocked());
        }

        if (policy.AllowedGroups.Count == 0)
        {
            return AdmissionResult.Admitted(policy, department: null);
        }

        DirectoryUser user;
        try
        {
            user = await directory.GetUserAsync(tenantId, userId, cancellationToken);
        }
        catch (DirectoryUnavailableException)
        {
            return AdmissionResult.Refused(policy, "policy.directory_unavailable", PolicyCards.DirectoryUnavailable());
        }

        return policy.AllowedGroups.Any(user.GroupIds.Contains)
            ? AdmissionResult.Admitted(policy, user.Department)
            : AdmissionResult.Refused(policy, "policy.group", PolicyCards.NotInAllowedGroup());
    }
}
