using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Model;

namespace TeamsBot.Pipeline;

/// <summary>
/// Builds the prompt: the system prompt, then as many of the latest answered turns as fit <c>Model:MaxPromptTokens</c>,
/// then this message. Never the whole history.
/// </summary>
public sealed class HistoryLoadStage(IConversationStore store, ITokenCounter tokens, IOptionsMonitor<ModelOptions> model)
    : ITurnStage
{
    /// <summary>Reading further back than this is never worth it: the budget is full long before.</summary>
    internal const int MaxTurnsRead = 200;

    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var options = model.CurrentValue;
        int budget = options.MaxPromptTokens;
        int used = tokens.Count(options.SystemPrompt);
        turn.TextTokens = tokens.Count(turn.Text);
        if (used + turn.TextTokens > budget)
        {
            turn.Refuse("input.over_token_budget");
            await turn.Reply.SendCardAsync(BotCards.PromptTooLarge(turn.TextTokens, budget - used), cancellationToken);
            return;
        }

        used += turn.TextTokens;
        var earlier = await store.GetContextAsync(turn.ConversationId, turn.ContextEpoch, turn.TurnId, MaxTurnsRead,
            cancellationToken);
        int fitting = 0;
        foreach (var previous in earlier)
        {
            int cost = previous.TokenCount > 0 ? previous.TokenCount : tokens.Count(previous.Text);
            if (used + cost > budget)
            {
                break;
            }

            used += cost;
            fitting++;
        }

        turn.Prompt.Add(new ChatMessage(ChatRole.System, options.SystemPrompt));
        for (int i = fitting - 1; i >= 0; i--)
        {
            var previous = earlier[i];
            turn.Prompt.Add(new ChatMessage(previous.Role == TurnRole.User ? ChatRole.User : ChatRole.Assistant,
                previous.Text));
        }

        turn.Prompt.Add(new ChatMessage(ChatRole.User, turn.Text));
        await next(turn, cancellationToken);
    }
}
