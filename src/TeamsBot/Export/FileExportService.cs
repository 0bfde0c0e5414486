using Microsoft.Extensions.Options;

namespace TeamsBot.Export;

/// <summary>
/// The <c>export</c> command as a file through Teams' file consent flow: offer (a consent card with a token bound to
/// the user), then, on the user's accept, build the file again from the store, in memory, and upload it to the OneDrive
/// session Teams created. Between the two nothing is kept but the token on the card.
/// </summary>
internal sealed partial class FileExportService(
    DataExportReader reader,
    ExportConsentToken tokens,
    UploadHostAllowList uploadHosts,
    ExportUploader uploader,
    IOptionsMonitor<ExportOptions> options,
    TimeProvider clock,
    ILogger<FileExportService> logger)
{
    public async Task<ExportOffer> OfferAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var (name, content, empty) = await BuildAsync(tenantId, userId, cancellationToken);
        LogOffered(content.Length);
        return new ExportOffer(name, content.Length,
            empty ? null : tokens.Issue(tenantId, userId, options.CurrentValue.ConsentLifetime));
    }

    /// <summary>The user allowed the file: checks the token and the upload host before anything is read or sent.</summary>
    public async Task<ExportDeliveryOutcome> DeliverAsync(string tenantId, string userId, string? token, Uri? uploadUrl,
        CancellationToken cancellationToken)
    {
        if (!tokens.IsValidFor(token, tenantId, userId))
        {
            LogNotValid();
            return ExportDeliveryOutcome.NotValid;
        }

        if (!uploadHosts.Allows(uploadUrl))
        {
            LogHostNotAllowed(uploadUrl?.IsAbsoluteUri == true ? uploadUrl.Host : "(none)");
            return ExportDeliveryOutcome.HostNotAllowed;
        }

        var (_, content, _) = await BuildAsync(tenantId, userId, cancellationToken);
        if (!await uploader.UploadAsync(uploadUrl!, content, cancellationToken))
        {
            return ExportDeliveryOutcome.UploadFailed;
        }

        LogUploaded(content.Length);
        return ExportDeliveryOutcome.Uploaded;
    }

    private async Task<(string Name, byte[] Content, bool Empty)> BuildAsync(string tenantId, string userId,
        CancellationToken cancellationToken)
    {
        var export = await reader.ReadAsync(ExportSubject.ForUser(tenantId, userId), options.CurrentValue.MaxTurns,
            includeHolds: false, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        using var buffer = new MemoryStream();
        await DataExportFile.WriteAsync(export, now, buffer, cancellationToken);
        bool empty = export.Turns.Count == 0 && export.Feedback.Count == 0 && export.Files.Count == 0;
        return (DataExportFile.FileName(now), buffer.ToArray(), empty);
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "Export offered ({Bytes} bytes)")]
    private partial void LogOffered(long bytes);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Information, Message = "Export uploaded ({Bytes} bytes)")]
    private partial void LogUploaded(long bytes);

    [LoggerMessage(EventId = 2605, Level = LogLevel.Warning,
        Message = "Export accept refused: its token is expired or not the sender's; nothing was sent")]
    private partial void LogNotValid();

    [LoggerMessage(EventId = 2606, Level = LogLevel.Warning,
        Message = "Export upload refused: host {Host} is not in Export:AllowedUploadHosts; nothing was sent")]
    private partial void LogHostNotAllowed(string host);
}
