using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Policy;

namespace TeamsBot.Knowledge;

/// <summary>
/// Files sent to the bot, at receipt: only the cheap checks run in the request (files on, personal chat, the limits per
/// message and per person, a type the bot reads, a download link on an allowed host). An accepted file gets a reading
/// row, counted among the person's files, and a "Reading" card; its download, reading and DLP run afterwards in the
/// background (<see cref="Turns.FileReadingWorker"/>), which sends the refusal, or leaves the ready card to the indexing
/// worker. Teams re-delivers a message not acknowledged within about 15 seconds, and a large file takes longer to read.
/// </summary>
internal sealed partial class FileReceipt(
    IKnowledgeStore store,
    FileReadingStore reading,
    FileReadingQueue queue,
    DownloadHostAllowList hosts,
    IOptionsMonitor<KnowledgeOptions> options,
    TimeProvider clock,
    ILogger<FileReceipt> logger)
{
    /// <summary>More files in one message are refused: each holds a reader.</summary>
    public const int MaxFilesPerMessage = 5;

    /// <summary>
    /// Past its reader's time limit, how long a reading row waits before any instance gives up on it: enough to store
    /// a large file's passages and for clocks of several instances to differ a little.
    /// </summary>
    internal static readonly TimeSpan ReadingMargin = TimeSpan.FromSeconds(15);

    public async Task<FileReceiptOutcome> ReceiveAsync(IncomingMessage message, IReadOnlyList<ReceivedFile> files,
        EffectivePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(policy);
        var settings = options.CurrentValue;
        if (!settings.Enabled || message.Scope != ConversationScope.Personal)
        {
            LogNotHere(message.ActivityId, message.Scope, settings.Enabled);
            return new FileReceiptOutcome([KnowledgeCards.FilesNotHere(settings.Enabled)], []);
        }

        var cards = new List<AdaptiveCard>();
        var jobs = new List<FileReadingJob>();
        int owned = (await store.ListOwnedAsync(message.TenantId, message.UserId, cancellationToken)).Count;
        try
        {
            foreach (var (file, index) in files.Select((f, i) => (f, i)))
            {
                string name = DisplayName(file.Name);
                var checkedFile = await CheckAsync(message, file, name, index < MaxFilesPerMessage, owned, settings,
                    cancellationToken);
                if (checkedFile.Refusal is { } refusal)
                {
                    LogRefused(message.ActivityId, refusal);
                    cards.Add(KnowledgeCards.FileRefused(new IngestionResult(name, refusal), settings));
                    continue;
                }

                int ahead = queue.Waiting;
                if (!queue.TryReserve())
                {
                    LogRefused(message.ActivityId, FileRefusal.Busy);
                    cards.Add(KnowledgeCards.FileRefused(new IngestionResult(name, FileRefusal.Busy), settings));
                    continue;
                }

                if (await AcceptAsync(message, checkedFile.Document!, ahead, policy, settings, cancellationToken) is not { } job)
                {
                    LogAlreadyReceived(message.ActivityId);
                    continue;
                }

                owned++;
                jobs.Add(job);
                cards.Add(KnowledgeCards.FileReading(new IngestionResult(name, null, Pending: true)));
            }
        }
        catch
        {
            // Rows stored so far are given up on after their deadline; their places in the queue are free again.
            jobs.ForEach(_ => queue.Release());
            throw;
        }

        return new FileReceiptOutcome(cards, jobs);
    }

    /// <summary>Hands the accepted files to the background readers; called once their cards were sent.</summary>
    public void StartReading(IReadOnlyList<FileReadingJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs)
        {
            queue.Enqueue(job);
        }
    }

    /// <summary>The checks that need no download: the document to read, or why the file is refused.</summary>
    private async Task<(SourceDocument? Document, FileRefusal? Refusal)> CheckAsync(IncomingMessage message,
        ReceivedFile file, string name, bool withinMessageLimit, int owned, KnowledgeOptions settings,
        CancellationToken cancellationToken)
    {
        if (!withinMessageLimit)
        {
            return (null, FileRefusal.OverLimits);
        }

        if (KnowledgeFileTypes.Of(file.Name, file.FileType) is not { } type)
        {
            return (null, FileRefusal.UnsupportedType);
        }

        if (file.DownloadUrl is not { } url)
        {
            return (null, FileRefusal.DownloadFailed);
        }

        if (!hosts.Allows(url))
        {
            return (null, FileRefusal.HostNotAllowed);
        }

        // Teams' id for the file when it gives one; the name otherwise. Either way within the sender's own files.
        string key = message.UserId + "/" + (string.IsNullOrEmpty(file.UniqueId) ? name : file.UniqueId);
        if (owned >= settings.MaxFilesPerUser
            && !await store.ExistsAsync(message.TenantId, TeamsFileSource.SourceKind, key, cancellationToken))
        {
            return (null, FileRefusal.TooManyFiles);
        }

        return (new SourceDocument(TeamsFileSource.SourceKind, key, name, type, url,
            DocumentAccess.Owner(message.TenantId, message.UserId)), null);
    }

    /// <summary>
    /// The file's reading row and its job, for the place reserved in the queue (given back when there is no job);
    /// null when this message already brought it (a re-delivery: no second row, no second card).
    /// </summary>
    private async Task<FileReadingJob?> AcceptAsync(IncomingMessage message, SourceDocument document, int ahead,
        EffectivePolicy policy, KnowledgeOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Files ahead of it are read first, a few at a time: the deadline leaves room for them.
            var deadline = now + (settings.ReceiveTimeout * ((ahead / FileReadingQueue.Readers) + 1)) + ReadingMargin;
            var row = FileReadingStore.Row(document, message.ActivityId, message.ReferenceJson, now, deadline);
            if (await reading.StartAsync(row, document.SourceKey, cancellationToken) is not { } readingId)
            {
                queue.Release();
                return null;
            }

            return new FileReadingJob(readingId, document, policy.Dlp,
                new IndexingNotice(message.ReferenceJson, message.ActivityId));
        }
        catch
        {
            queue.Release();
            throw;
        }
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

    [LoggerMessage(EventId = 1960, Level = LogLevel.Information,
        Message = "Activity {ActivityId}: a file refused at receipt ({Reason})")]
    private partial void LogRefused(string activityId, FileRefusal reason);

    [LoggerMessage(EventId = 1961, Level = LogLevel.Information,
        Message = "Activity {ActivityId} was delivered again; its file is already being read or kept")]
    private partial void LogAlreadyReceived(string activityId);

    [LoggerMessage(EventId = 1905, Level = LogLevel.Information,
        Message = "Activity {ActivityId} carried files in {Scope} (files enabled: {Enabled}); not read")]
    private partial void LogNotHere(string activityId, ConversationScope scope, bool enabled);
}
