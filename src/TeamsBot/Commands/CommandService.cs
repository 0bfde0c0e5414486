using Microsoft.Extensions.Options;
using TeamsBot.Bot;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Lifecycle;
using TeamsBot.Model;
using TeamsBot.Policy;
using TeamsBot.Quota;

namespace TeamsBot.Commands;

/// <summary>
/// Commands are answered at once, in the request, without the model. They act only on the asking user's own data in
/// their own tenant, and only for a user that <see cref="Admission"/> admitted here. Commands that show or delete a
/// person's data work only in the personal chat: in a channel or group chat everyone would see the answer.
/// </summary>
public sealed class CommandService(
    IConversationStore store,
    IQuotaLedger quotas,
    LegalHoldService holds,
    IOptionsMonitor<ModelOptions> model)
{
    /// <summary>Most turns the export as cards returns; older ones are left out and the card says so.</summary>
    internal const int MaxExportTurns = 500;

    /// <summary>The command a message is, or the command a card button stands for; null when it is neither.</summary>
    public static string? Parse(IncomingMessage message, string? cardVerb)
    {
        ArgumentNullException.ThrowIfNull(message);
        return cardVerb switch
        {
            CardVerbs.NewChat => BotCommands.New,
            CardVerbs.ForgetMeConfirm or CardVerbs.ForgetMeCancel or CardVerbs.ExportAsCards => cardVerb,
            _ => BotCommands.Parse(message.Text),
        };
    }

    /// <summary>
    /// The cards answering this message if it is a command or a command button; null when it is not. A user the
    /// admission refused gets its refusal card and nothing else.
    /// </summary>
    public async Task<IReadOnlyList<AdaptiveCard>?> TryHandleAsync(IncomingMessage message, string? cardVerb,
        AdmissionResult admission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(admission);
        string? command = Parse(message, cardVerb);
        if (command is null)
        {
            return null;
        }

        if (!admission.IsAdmitted)
        {
            return [admission.RefusalCard!];
        }

        var policy = admission.Policy;
        bool shared = message.Scope != ConversationScope.Personal;
        switch (command)
        {
            case BotCommands.New:
                await store.StartNewContextAsync(message.ConversationId, cancellationToken);
                // In a thread others share, the reset applies to them too: say who did it.
                return [shared ? BotCards.NewChatStartedHere(message.UserName) : BotCards.NewChatStarted()];
            case BotCommands.Help:
                var options = model.CurrentValue;
                string described = options.IsConfigured ? $"{options.Deployment} ({options.Provider})" : "not configured";
                return [CommandCards.Help(described, policy, message.Scope)];
            case BotCommands.Usage or BotCommands.ForgetMe or BotCommands.Export
                or CardVerbs.ForgetMeConfirm or CardVerbs.ForgetMeCancel or CardVerbs.ExportAsCards when shared:
                return [CommandCards.PersonalChatOnly(command switch
                {
                    CardVerbs.ForgetMeConfirm or CardVerbs.ForgetMeCancel => BotCommands.ForgetMe,
                    CardVerbs.ExportAsCards => BotCommands.Export,
                    _ => command,
                })];
            case BotCommands.Usage:
                return [CommandCards.Usage(await quotas.GetUsageAsync(message.TenantId, message.UserId, cancellationToken), policy)];
            case BotCommands.ForgetMe:
                return [CommandCards.ForgetMeConfirm()];
            case CardVerbs.ForgetMeConfirm:
                int deleted = await store.ForgetUserAsync(message.TenantId, message.UserId, cancellationToken);
                return [CommandCards.Forgotten(deleted,
                    await holds.ForUserAsync(message.TenantId, message.UserId, cancellationToken))];
            case CardVerbs.ForgetMeCancel:
                return [CommandCards.ForgetMeCancelled()];
            // In the personal chat, typing export offers a file (Bot.ChatBot); these cards are its fallback.
            case BotCommands.Export or CardVerbs.ExportAsCards:
                var turns = await store.ExportUserAsync(message.TenantId, message.UserId, MaxExportTurns, cancellationToken);
                return CommandCards.Export(turns);
            default:
                // Commands answered elsewhere (files: Knowledge.KnowledgeCommands).
                return null;
        }
    }
}
