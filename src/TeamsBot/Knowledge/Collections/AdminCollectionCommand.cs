using System.Text;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Reports;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// Collections from Teams, for the admins the <c>report</c> command recognises (Reports:AdminGroup, personal chat):
/// <c>collection add|list|reindex|remove …</c> and <c>collections</c>, in the admin's own tenant, with the words of the
/// command line. Unlike the hidden report and hold commands, anyone else typing these gets a card saying admins manage
/// collections: people ask for documents to be added, and should learn whom to ask.
/// </summary>
internal sealed partial class AdminCollectionCommand(
    AdminReportCommand admins,
    CollectionAdministration administration,
    CollectionStore collections,
    ILogger<AdminCollectionCommand> logger)
{
    /// <summary>The answer if the message is a collection command; null to treat it as a normal message.</summary>
    public async Task<IReadOnlyList<AdaptiveCard>?> TryHandleAsync(IncomingMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var words = Split(message.Text ?? string.Empty);
        string[] lower = words.Take(2).Select(w => w.ToLowerInvariant()).ToArray();
        // "collection of essays…" is a question: only the command's own shapes are taken.
        bool isCommand = lower is ["collections"] or ["collection", "add" or "list" or "remove" or "reindex" or "help"];
        if (!isCommand)
        {
            return null;
        }

        if (!await admins.IsAdminAsync(message, cancellationToken))
        {
            LogRefused(message.TenantId);
            return [CollectionCards.AdminsOnly()];
        }

        LogCommand(message.TenantId);
        if (lower is ["collections"])
        {
            return [CollectionCards.List(await collections.ListAsync(message.TenantId, cancellationToken))];
        }

        if (!CollectionCommandLine.TryParse(words.Skip(1).ToList(), out var command, out string? problem))
        {
            return [CollectionCards.Refused(problem)];
        }

        if (command.TenantId is not null && command.TenantId != message.TenantId)
        {
            return [CollectionCards.Refused("From Teams, collections are managed in your own tenant only; leave out --tenant.")];
        }

        switch (command.Verb)
        {
            case CollectionVerb.Add:
                var (added, refusal) = await administration.AddAsync(message.TenantId, command.Name!, command.Folder!,
                    command.Readers!, message.UserId, cancellationToken);
                return [added is null ? CollectionCards.Refused(refusal!) : CollectionCards.Added(added)];
            case CollectionVerb.Remove:
                var removed = await administration.RemoveAsync(message.TenantId, command.Name!, cancellationToken);
                return [removed is null ? CollectionCards.NoSuchCollection(command.Name!) : CollectionCards.Removed(removed)];
            case CollectionVerb.Reindex:
                var due = await administration.RequestReindexAsync(message.TenantId, command.Name!, cancellationToken);
                return [due is null ? CollectionCards.NoSuchCollection(command.Name!) : CollectionCards.ReindexRequested(due)];
            case CollectionVerb.List:
                return [CollectionCards.List(await collections.ListAsync(message.TenantId, cancellationToken))];
            default:
                return [BotCards.Notice("Document collections", CollectionCommandLine.TeamsUsage)];
        }
    }

    /// <summary>Words separated by spaces; a part in double quotes (straight or curly) is one word, spaces and all.</summary>
    internal static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false;
        foreach (char c in text.Trim())
        {
            if (c is '"' or '“' or '”')
            {
                quoted = !quoted;
                continue;
            }

            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                continue;
            }

            // Teams may turn "--" into a dash as it is typed.
            word.Append(c);
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words.Select(w => w.StartsWith('—') || w.StartsWith('–') ? "--" + w[1..] : w).ToList();
    }

    [LoggerMessage(EventId = 1948, Level = LogLevel.Information, Message = "Admin collection command in tenant {TenantId}")]
    private partial void LogCommand(string tenantId);

    [LoggerMessage(EventId = 1949, Level = LogLevel.Information,
        Message = "Collection command from a non-admin in tenant {TenantId}; refused")]
    private partial void LogRefused(string tenantId);
}
