using System.Globalization;
using TeamsBot.Bot;
using TeamsBot.Cards;
using TeamsBot.History;

namespace TeamsBot.Knowledge;

/// <summary>
/// <c>files</c> lists the person's own files; <c>forget file N</c> (or its name) deletes one with everything kept
/// from it. Personal chat only, for an admitted user: the list names the person's files.
/// </summary>
internal sealed class KnowledgeCommands(IKnowledgeStore store)
{
    /// <summary>The cards answering the message if it is one of these commands; null when it is not.</summary>
    public async Task<IReadOnlyList<AdaptiveCard>?> TryHandleAsync(IncomingMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        string text = message.Text.Trim().TrimEnd('.', '!').Trim();
        bool list = text.Equals(BotCommands.Files, StringComparison.OrdinalIgnoreCase);
        bool forget = text.StartsWith(BotCommands.ForgetFile, StringComparison.OrdinalIgnoreCase)
            && (text.Length == BotCommands.ForgetFile.Length || text[BotCommands.ForgetFile.Length] == ' ');
        if (!list && !forget)
        {
            return null;
        }

        if (message.Scope != ConversationScope.Personal)
        {
            return [CommandCards.PersonalChatOnly(list ? BotCommands.Files : BotCommands.ForgetFile)];
        }

        var files = await store.ListOwnedAsync(message.TenantId, message.UserId, cancellationToken);
        if (list)
        {
            return [KnowledgeCards.Files(files)];
        }

        string asked = text[BotCommands.ForgetFile.Length..].Trim().Trim('"', '\'', '“', '”');
        if (asked.Length == 0)
        {
            return [KnowledgeCards.Files(files)];
        }

        var chosen = int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            && number >= 1 && number <= files.Count
                ? files[number - 1]
                : files.FirstOrDefault(f => f.Name.Equals(asked, StringComparison.OrdinalIgnoreCase));
        if (chosen is null || !await store.DeleteOwnedAsync(message.TenantId, message.UserId, chosen.Id, cancellationToken))
        {
            return [KnowledgeCards.NoSuchFile(asked.Length > 100 ? asked[..100] : asked)];
        }

        return [KnowledgeCards.FileForgotten(chosen.Name)];
    }
}
