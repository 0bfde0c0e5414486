using System.Net;
using Microsoft.Extensions.Options;
using TeamsBot.Telemetry;

namespace TeamsBot.Connector;

/// <summary>
/// Sits on the Bot Connector HttpClient. Activity calls (send, reply, update, delete) are paced to Teams'
/// per-conversation limits (sends inside <see cref="ConnectorRetry.Suppress"/> only when they fit now) and, when Teams answers 429, 412, 502 or 504, retried with exponential backoff and
/// jitter, honouring Retry-After; each retry is paced too. Every other request (token, OpenID metadata, member
/// look-ups) passes through untouched apart from the per-attempt timeout.
/// </summary>
/// <remarks>
/// Duplicates: 429 and 412 mean Teams did not accept the activity, so retrying them cannot duplicate it. 502 and
/// 504 are ambiguous: the gateway may have failed after Teams stored the message, and the Bot Connector has no
/// idempotency key for POSTed activities, so a retried POST can, rarely, show the user the same message twice.
/// We accept that because losing the answer is worse; updates (PUT) and deletes are idempotent and carry no such
/// risk. Bodies are never logged: they hold the users' messages.
/// </remarks>
internal sealed partial class ConnectorSendHandler(
    ConversationSendPacer pacer,
    IOptions<ConnectorOptions> options,
    TimeProvider time,
    ILogger<ConnectorSendHandler> logger) : DelegatingHandler
{
    private readonly ConnectorOptions _options = options.Value;

    /// <summary>Random numbers in [0, 1) for the backoff jitter; tests fix them.</summary>
    internal Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var conversation = ConnectorRoute.ConversationKeyOf(request.RequestUri);
        if (conversation is null)
        {
            return await SendOnceAsync(request, cancellationToken);
        }

        if (ConnectorRetry.IsSuppressed)
        {
            // Typing and stream updates are worthless late and must not spend what the answer needs: without a free
            // slot now, inside the answers' reserve, they are answered as Teams would (429) instead of queued.
            if (!ConnectorRetry.IsSlotTaken && !pacer.TryTakeOptionalSlot(conversation))
            {
                LogPacedOut();
                return PacedOut(request);
            }

            return await SendOnceAsync(request, cancellationToken);
        }

        using var activity = ConnectorTelemetry.StartSend(request);
        var maxAttempts = _options.MaxAttempts;
        if (maxAttempts > 1 && request.Content is not null)
        {
            // Buffered content can be written again for each attempt.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            ConnectorTelemetry.Attempt(activity, attempt);
            await pacer.WaitForSlotAsync(conversation, cancellationToken);
            var response = await SendOnceAsync(request, cancellationToken);
            if (!ConnectorBackoff.IsTransient(response.StatusCode) || maxAttempts == 1)
            {
                return response;
            }

            var status = (int)response.StatusCode;
            if (attempt >= maxAttempts)
            {
                LogGaveUp(status, attempt);
                return response;
            }

            var hint = ConnectorBackoff.ServerHint(response, time.GetUtcNow());
            if (hint > _options.MaxRetryAfter)
            {
                // Nobody waits that long for a chat answer: fail now, as without retries.
                var asked = hint.Value.TotalSeconds;
                LogRetryAfterTooLong(status, asked);
                return response;
            }

            var delay = ConnectorBackoff.Delay(attempt, _options.BaseDelay, _options.MaxDelay, hint, Jitter());
            var delayMs = (long)delay.TotalMilliseconds;
            LogRetrying(status, attempt, maxAttempts - 1, delayMs);
            ConnectorTelemetry.Retrying(activity, status, attempt);
            response.Dispose();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// One attempt, bounded by <see cref="ConnectorOptions.AttemptTimeout"/>. The connector HttpClient has no
    /// overall timeout, so that waiting for a pacing slot or a retry does not count as a slow server.
    /// </summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            return await base.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException exception)
            when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // What HttpClient itself throws on its timeout.
            throw new TaskCanceledException(
                $"The request was canceled due to the configured Connector:AttemptTimeout of "
                + $"{_options.AttemptTimeout.TotalSeconds} seconds elapsing.",
                new TimeoutException(exception.Message, exception));
        }
    }

    /// <summary>Teams' own answer to a send over the limit, made locally: the caller handles both alike.</summary>
    private static HttpResponseMessage PacedOut(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            RequestMessage = request,
            Content = new StringContent("{\"error\":{\"code\":\"PacedOut\",\"message\":\"The conversation's send budget is spent for now.\"}}",
                System.Text.Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5));
        return response;
    }

    [LoggerMessage(EventId = 1704, Level = LogLevel.Debug,
        Message = "A typing or stream update was dropped: the conversation's send budget is spent for now")]
    private partial void LogPacedOut();

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning,
        Message = "Bot Connector answered {Status}; retry {Attempt} of {MaxRetries} in {DelayMs} ms")]
    private partial void LogRetrying(int status, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning,
        Message = "Bot Connector answered {Status} with a wait of {RetryAfterSeconds} s, longer than Connector:MaxRetryAfter; not retried")]
    private partial void LogRetryAfterTooLong(int status, double retryAfterSeconds);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning,
        Message = "Bot Connector still answered {Status} after {Attempts} attempts; giving up")]
    private partial void LogGaveUp(int status, int attempts);
}
