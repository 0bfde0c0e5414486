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
/// <remarks>
/// In channels and group chats, earlier messages by other people are quoted as untrusted data
/// (<see cref="SharedSpacePrompt"/>); the asker's own messages and the bot's answers stay plain user and assistant
/// messages. The budget counts every message as it is sent, quoting included.
/// </remarks>
public sealed class HistoryLoadStage(IConversationStore store, ITokenCounter tokens, IOptionsMonitor<ModelOptions> model)
    : ITurnStage
{
    /// <summary>Reading further back than this is never worth it: the budget is full long before.</summary>
    internal const int MaxTurnsRead = 200;

    /// <summary>
    /// The newest turns are read first, this many; more (four times as many each time) only while they all fit. A long
    /// conversation of long messages costs a turn what fits its budget, not its whole history.
    /// </summary>
    internal const int FirstTurnsRead = 12;

    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var options = model.CurrentValue;
        bool shared = turn.Scope != ConversationScope.Personal;
        string systemPrompt = SharedSpacePrompt.SystemPrompt(options.SystemPrompt, shared);
        int budget = options.MaxPromptTokens;
        int used = tokens.Count(systemPrompt);
        turn.TextTokens = tokens.Count(turn.Text);
        if (used + turn.TextTokens > budget)
        {
            turn.Refuse("input.over_token_budget");
            await turn.Reply.SendCardAsync(BotCards.PromptTooLarge(turn.TextTokens, budget - used), cancellationToken);
            return;
        }

        used += turn.TextTokens;
        var fitting = new List<ChatMessage>();
        bool full = false;
        for (int read = FirstTurnsRead; !full; read = Math.Min(read * 4, MaxTurnsRead))
        {
            var earlier = await store.GetContextAsync(turn.ConversationId, turn.ContextEpoch, turn.TurnId, read,
                cancellationToken);
            // The newest first, the same order each time: the turns taken by a shorter read are taken again.
            foreach (var previous in earlier.Skip(fitting.Count))
            {
                var message = Render(previous, turn, shared, out bool quoted);
                // A stored count is for the stored text; a quoted message is longer and is counted as sent.
                int cost = !quoted && previous.TokenCount > 0 ? previous.TokenCount : tokens.Count(message.Text);
                if (used + cost > budget)
                {
                    full = true;
                    break;
                }

                used += cost;
                fitting.Add(message);
            }

            // No more history, or no more worth reading.
            full |= earlier.Count < read || read == MaxTurnsRead;
        }

        turn.Prompt.Add(new ChatMessage(ChatRole.System, systemPrompt));
        fitting.Reverse();
        turn.Prompt.AddRange(fitting);
        turn.Prompt.Add(new ChatMessage(ChatRole.User, turn.Text));
        await next(turn, cancellationToken);
    }

    private static ChatMessage Render(ContextTurn previous, TurnRequest turn, bool shared, out bool quoted)
    {
        if (previous.Role != TurnRole.User)
        {
            quoted = false;
            return new ChatMessage(ChatRole.Assistant, previous.Text);
        }

        // An unknown author is never taken for the asker.
        quoted = shared && (previous.UserId.Length == 0
            || !string.Equals(previous.UserId, turn.UserId, StringComparison.Ordinal));
        return new ChatMessage(ChatRole.User,
            quoted ? SharedSpacePrompt.Quote(previous.UserName, previous.Text) : previous.Text);
    }
}
