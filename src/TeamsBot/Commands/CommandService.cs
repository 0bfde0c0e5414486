using Microsoft.Extensions.Options;
using TeamsBot.Bot;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Model;
using TeamsBot.Policy;
using TeamsBot.Quota;

namespace TeamsBot.Commands;

/// <summary>
/// Commands are answered at once, in the request, without the model. They act only on the asking user's own data in
/// their own tenant.
/// </summary>
public sealed class CommandService(
    IConversationStore store,
    IQuotaLedger quotas,
    IPolicyProvider policies,
    IOptionsMonitor<ModelOptions> model)
{
    /// <summary>Most turns an export returns; older ones are left out and the card says so.</summary>
    internal const int MaxExportTurns = 500;

    /// <summary>The cards answering this message if it is a command or a command button; null when it is not.</summary>
    public async Task<IReadOnlyList<AdaptiveCard>?> TryHandleAsync(IncomingMessage message, string? cardVerb,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        string? command = cardVerb switch
        {
            CardVerbs.NewChat => BotCommands.New,
            CardVerbs.ForgetMeConfirm or CardVerbs.ForgetMeCancel => cardVerb,
            _ => BotCommands.Parse(message.Text),
        };
        if (command is null)
        {
            return null;
        }

        var policy = policies.For(message.TenantId);
        // Commands reveal policy or stored data: only users the policy admits may use them.
        if (!policy.TenantAllowed || policy.BlockedUsers.Contains(message.UserId))
        {
            return [PolicyCards.TenantNotAllowed()];
        }

        switch (command)
        {
            case BotCommands.New:
                await store.StartNewContextAsync(message.ConversationId, cancellationToken);
                return [BotCards.NewChatStarted()];
            case BotCommands.Help:
                var options = model.CurrentValue;
                string described = options.IsConfigured ? $"{options.Deployment} ({options.Provider})" : "not configured";
                return [CommandCards.Help(described, policy, message.Scope)];
            case BotCommands.Usage:
                return [CommandCards.Usage(await quotas.GetUsageAsync(message.TenantId, message.UserId, cancellationToken), policy)];
            case BotCommands.ForgetMe:
                return [CommandCards.ForgetMeConfirm()];
            case CardVerbs.ForgetMeConfirm:
                return [CommandCards.Forgotten(await store.ForgetUserAsync(message.TenantId, message.UserId, cancellationToken))];
            case CardVerbs.ForgetMeCancel:
                return [CommandCards.ForgetMeCancelled()];
            default:
                var turns = await store.ExportUserAsync(message.TenantId, message.UserId, MaxExportTurns, cancellationToken);
                return CommandCards.Export(turns);
        }
    }
}
