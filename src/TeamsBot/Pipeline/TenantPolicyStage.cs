using TeamsBot.Cards;
using TeamsBot.Graph;
using TeamsBot.History;
using TeamsBot.Policy;

namespace TeamsBot.Pipeline;

/// <summary>
/// Who may use the bot, and where: tenant, scope, blocked users, group membership. Anything that cannot be checked
/// is refused (fail closed).
/// </summary>
public sealed class TenantPolicyStage(IPolicyProvider policies, IUserDirectory directory) : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var policy = policies.For(turn.TenantId);
        turn.Policy = policy;
        var refusal = await CheckAsync(turn, policy, cancellationToken);
        if (refusal is not null)
        {
            turn.Refuse(refusal.Value.Rule);
            await turn.Reply.SendCardAsync(refusal.Value.Card, cancellationToken);
            return;
        }

        await next(turn, cancellationToken);
    }

    private async Task<(string Rule, AdaptiveCard Card)?> CheckAsync(TurnRequest turn, EffectivePolicy policy,
        CancellationToken cancellationToken)
    {
        if (!policy.TenantAllowed)
        {
            return ("policy.tenant", PolicyCards.TenantNotAllowed());
        }

        if (!policy.Scopes.Contains(turn.Scope))
        {
            return ("policy.scope." + turn.Scope.ToString().ToLowerInvariant(), PolicyCards.ScopeNotAllowed(turn.Scope switch
            {
                ConversationScope.Channel => "channels",
                ConversationScope.GroupChat => "group chats",
                _ => "personal chats",
            }));
        }

        if (policy.BlockedUsers.Contains(turn.UserId))
        {
            return ("policy.blocked_user", PolicyCards.UserBlocked());
        }

        if (policy.AllowedGroups.Count == 0)
        {
            return null;
        }

        try
        {
            var user = await directory.GetUserAsync(turn.TenantId, turn.UserId, cancellationToken);
            turn.Department = user.Department;
            return policy.AllowedGroups.Any(user.GroupIds.Contains)
                ? null
                : ("policy.group", PolicyCards.NotInAllowedGroup());
        }
        catch (DirectoryUnavailableException)
        {
            return ("policy.directory_unavailable", PolicyCards.DirectoryUnavailable());
        }
    }
}
