using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TeamsBot.Receipt;

namespace TeamsBot.Hosting;

/// <summary>POST /api/messages: the Bot Framework's webhook, with the input checks it lacks.</summary>
internal static partial class MessagesEndpoint
{
    /// <summary>Teams messages are at most ~100 KB of text; with attachments metadata 1 MB is ample.</summary>
    private const long MaxBodyBytes = 1_000_000;

    /// <summary>Seconds a request refused at a full door is asked to wait: thousands are queued ahead of it.</summary>
    private const int RetryAfterSeconds = 5;

    public static void MapMessages(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/messages", HandleAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .DisableAntiforgery();

    private static async Task HandleAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot,
        IOptions<BotAuthenticationOptions> identity, RequestDoor door, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint));
        // Anonymous mode is for local testing only: never serve it to another machine.
        if (identity.Value.IsAnonymous && http.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
        {
            LogRemoteAnonymous(logger);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var lease = await EnterAsync(http, door, logger);
        if (lease is null)
        {
            return;
        }

        http.Request.EnableBuffering();
        string? problem = await ValidateAsync(http.Request.Body, http.RequestAborted);
        if (problem is not null)
        {
            LogRejected(logger, problem);
            await Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        http.Request.Body.Position = 0;
        try
        {
            await adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted);
        }
        catch (BotTurnFailedException)
        {
            SetStatus(http, StatusCodes.Status500InternalServerError);
        }
        catch (Exception exception) when (IsAuthenticationFailure(exception))
        {
            // The SDK turns only UnauthorizedAccessException into 401; a bad token surfaces as IdentityModel errors.
            LogUnauthenticated(logger, exception.GetType().Name);
            SetStatus(http, StatusCodes.Status401Unauthorized);
        }
    }

    /// <summary>Waits for the door; null when the caller gave up waiting or was refused (the 503 is set).</summary>
    private static async Task<RateLimitLease?> EnterAsync(HttpContext http, RequestDoor door, ILogger logger)
    {
        RateLimitLease lease;
        try
        {
            lease = await door.EnterAsync(http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return null; // Nobody waits for the acknowledgement any more; Teams delivers the activity again.
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        LogQueueFull(logger);
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return null;
    }

    private static bool IsAuthenticationFailure(Exception exception) =>
        exception is SecurityTokenException or SecurityTokenArgumentException or UnauthorizedAccessException;

    private static void SetStatus(HttpContext http, int status)
    {
        if (!http.Response.HasStarted)
        {
            http.Response.StatusCode = status;
        }
    }

    /// <summary>The SDK answers malformed bodies with 500 or a null-reference; we answer 400 with the reason.</summary>
    private static async Task<string?> ValidateAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "The body must be a JSON activity object.";
            }

            var root = json.RootElement;
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString()!.Length == 0)
            {
                return "The activity has no type.";
            }

            // The Bot Framework protocol requires both; without them there is nobody to answer.
            if (!root.TryGetProperty("conversation", out var conversation) || conversation.ValueKind != JsonValueKind.Object
                || !conversation.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return "The activity has no conversation id.";
            }

            if (!root.TryGetProperty("serviceUrl", out var serviceUrl) || serviceUrl.ValueKind != JsonValueKind.String)
            {
                return "The activity has no serviceUrl.";
            }

            // Refused here, before anything is stored: a store failure would be a 500 that Teams re-delivers for ever.
            return ActivityLimits.Check(root);
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Rejected a request to /api/messages: {Problem}")]
    private static partial void LogRejected(ILogger logger, string problem);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Rejected an unauthenticated request ({ExceptionType})")]
    private static partial void LogUnauthenticated(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning,
        Message = "Refused an unauthenticated request from another machine: MicrosoftAppId is empty")]
    private static partial void LogRemoteAnonymous(ILogger logger);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning,
        Message = "Refused a request to /api/messages with 503: Limits:MaxQueuedRequests requests are already waiting")]
    private static partial void LogQueueFull(ILogger logger);
}
