using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Policy;

namespace TeamsBot.Knowledge;

/// <summary>
/// Files sent to the bot, at receipt: each one read, redacted and stored as the sender's own, pending its vectors, and
/// answered with a card saying it is being read (the indexing worker sends the ready card) or why it was refused. Only in the personal chat (Teams delivers files to bots only there), only for an
/// admitted user, and only up to the person's file limit.
/// </summary>
internal sealed partial class FileReceipt(
    FileIngestion ingestion,
    IKnowledgeStore store,
    IOptionsMonitor<KnowledgeOptions> options,
    ILogger<FileReceipt> logger)
{
    /// <summary>More files in one message are refused: a message is answered within seconds.</summary>
    public const int MaxFilesPerMessage = 5;

    public async Task<IReadOnlyList<AdaptiveCard>> ReceiveAsync(IncomingMessage message, IReadOnlyList<ReceivedFile> files,
        EffectivePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(policy);
        var settings = options.CurrentValue;
        if (!settings.Enabled || message.Scope != ConversationScope.Personal)
        {
            LogNotHere(message.ActivityId, message.Scope, settings.Enabled);
            return [KnowledgeCards.FilesNotHere(settings.Enabled)];
        }

        var cards = new List<AdaptiveCard>();
        int owned = (await store.ListOwnedAsync(message.TenantId, message.UserId, cancellationToken)).Count;
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            var result = await ReceiveOneAsync(message, file, index < MaxFilesPerMessage, owned, policy,
                settings, cancellationToken);
            if (result.IsStored && !result.Replaced)
            {
                owned++;
            }

            cards.Add(result.IsStored ? KnowledgeCards.FileReading(result) : KnowledgeCards.FileRefused(result, settings));
        }

        return cards;
    }

    private async Task<IngestionResult> ReceiveOneAsync(IncomingMessage message, ReceivedFile file, bool withinMessageLimit,
        int owned, EffectivePolicy policy, KnowledgeOptions settings, CancellationToken cancellationToken)
    {
        string name = DisplayName(file.Name);
        if (!withinMessageLimit)
        {
            return new IngestionResult(name, FileRefusal.OverLimits);
        }

        if (KnowledgeFileTypes.Of(file.Name, file.FileType) is not { } type)
        {
            return new IngestionResult(name, FileRefusal.UnsupportedType);
        }

        if (file.DownloadUrl is null)
        {
            return new IngestionResult(name, FileRefusal.DownloadFailed);
        }

        // Teams' id for the file when it gives one; the name otherwise. Either way within the sender's own files.
        string key = message.UserId + "/" + (string.IsNullOrEmpty(file.UniqueId) ? name : file.UniqueId);
        if (owned >= settings.MaxFilesPerUser
            && !await store.ExistsAsync(message.TenantId, TeamsFileSource.SourceKind, key, cancellationToken))
        {
            return new IngestionResult(name, FileRefusal.TooManyFiles);
        }

        var document = new SourceDocument(TeamsFileSource.SourceKind, key, name, type, file.DownloadUrl,
            DocumentAccess.Owner(message.TenantId, message.UserId));
        return await ingestion.ReadAsync(document, policy.Dlp, new IndexingNotice(message.ReferenceJson, message.ActivityId),
            cancellationToken);
    }

    /// <summary>The file's name as shown: its last path segment, one line, at most 200 characters.</summary>
    internal static string DisplayName(string? name)
    {
        string file = Path.GetFileName((name ?? string.Empty).Replace('\\', '/'));
        string line = string.Concat(file.Where(c => !char.IsControl(c))).Trim();
        if (line.Length > 200)
        {
            line = line[..200];
        }

        return line.Length == 0 ? "file" : line;
    }

    [LoggerMessage(EventId = 1905, Level = LogLevel.Information,
        Message = "Activity {ActivityId} carried files in {Scope} (files enabled: {Enabled}); not read")]
    private partial void LogNotHere(string activityId, ConversationScope scope, bool enabled);
}
