using System.Net;

namespace TeamsBot.Knowledge.Sources;

/// <summary>
/// Reads a file sent in a personal chat from the short-lived, pre-authenticated link Teams gives
/// (<c>downloadUrl</c>). Only hosts on <see cref="DownloadHostAllowList"/> are contacted, redirects included; no
/// credentials or cookies are sent; the body is read only up to the byte limit, whatever Content-Length says.
/// </summary>
internal sealed partial class TeamsFileSource(IHttpClientFactory clients, DownloadHostAllowList hosts,
    ILogger<TeamsFileSource> logger) : IDocumentSource
{
    public const string SourceKind = "teams-file";
    public const string HttpClientName = "knowledge-download";

    /// <summary>SharePoint answers a download link directly; a few hops are allowed, each checked again.</summary>
    private const int MaxRedirects = 3;

    public string Kind => SourceKind;

    public async Task<byte[]> ReadAsync(SourceDocument document, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var url = document.Location;
        var client = clients.CreateClient(HttpClientName);
        for (int hop = 0; hop <= MaxRedirects; hop++)
        {
            if (!hosts.Allows(url))
            {
                LogHostRefused(url.IsAbsoluteUri ? url.IdnHost : "(relative)");
                throw new FileRefusedException(FileRefusal.HostNotAllowed);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                LogDownloadFailed(url.IdnHost, null, exception.GetType().Name);
                throw new FileRefusedException(FileRefusal.DownloadFailed, exception);
            }

            using (response)
            {
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } next)
                {
                    url = next.IsAbsoluteUri ? next : new Uri(url, next);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    LogDownloadFailed(url.IdnHost, (int)response.StatusCode, null);
                    throw new FileRefusedException(FileRefusal.DownloadFailed);
                }

                if (response.Content.Headers.ContentLength > maxBytes)
                {
                    throw new FileRefusedException(FileRefusal.TooLarge);
                }

                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await ReadCappedAsync(body, maxBytes, cancellationToken);
            }
        }

        LogDownloadFailed(url.IdnHost, null, "TooManyRedirects");
        throw new FileRefusedException(FileRefusal.DownloadFailed);
    }

    /// <summary>Reads a body up to the cap; one byte more refuses it (a missing or lying Content-Length included).</summary>
    private static async Task<byte[]> ReadCappedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (content.Length + read > maxBytes)
            {
                throw new FileRefusedException(FileRefusal.TooLarge);
            }

            content.Write(buffer, 0, read);
        }

        return content.ToArray();
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently
        or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect
        or HttpStatusCode.PermanentRedirect;

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning,
        Message = "File download refused: host {Host} is not in Knowledge:AllowedDownloadHosts")]
    private partial void LogHostRefused(string host);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Warning,
        Message = "File download from {Host} failed (HTTP {Status}, {ExceptionType})")]
    private partial void LogDownloadFailed(string host, int? status, string? exceptionType);
}
