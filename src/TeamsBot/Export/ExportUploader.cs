using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace TeamsBot.Export;

/// <summary>
/// Puts a file into the OneDrive upload session Teams created when the user allowed it: PUT requests to the session's
/// URL, each with <c>Content-Range: bytes first-last/total</c>, answered 202 until the last, which is answered 201 or
/// 200. The URL is pre-authenticated, so no credential is sent; the caller has checked its host.
/// </summary>
internal sealed partial class ExportUploader(
    IHttpClientFactory clients,
    IOptionsMonitor<ExportOptions> options,
    ILogger<ExportUploader> logger)
{
    public const string HttpClientName = "export-upload";

    /// <returns>Whether the session reported the file complete.</returns>
    public async Task<bool> UploadAsync(Uri uploadUrl, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        var settings = options.CurrentValue;
        var client = clients.CreateClient(HttpClientName);
        long total = content.Length;
        for (int start = 0; start < total; start += settings.UploadChunkBytes)
        {
            int length = (int)Math.Min(settings.UploadChunkBytes, total - start);
            using var request = new HttpRequestMessage(HttpMethod.Put, uploadUrl)
            {
                Content = new ReadOnlyMemoryContent(content.Slice(start, length)),
            };
            request.Content.Headers.ContentLength = length;
            request.Content.Headers.ContentRange = new ContentRangeHeaderValue(start, start + length - 1, total);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.UploadTimeout);
            HttpStatusCode status;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogUploadUnreachable(uploadUrl.Host, e.GetType().Name);
                return false;
            }

            bool last = start + length == total;
            bool expected = last ? status is HttpStatusCode.OK or HttpStatusCode.Created : status == HttpStatusCode.Accepted;
            if (!expected)
            {
                LogUploadRefused(uploadUrl.Host, (int)status, start, total);
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 2603, Level = LogLevel.Warning,
        Message = "Export upload to {Host} refused with {Status} at byte {Start} of {Total}")]
    private partial void LogUploadRefused(string host, int status, long start, long total);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Warning, Message = "Export upload to {Host} failed ({ExceptionType})")]
    private partial void LogUploadUnreachable(string host, string exceptionType);
}
