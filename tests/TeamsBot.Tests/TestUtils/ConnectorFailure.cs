namespace TeamsBot.Tests.TestUtils;

/// <summary>A scripted failure for <see cref="ConnectorDouble"/>. Applies to the next <see cref="Times"/> requests that match.</summary>
public sealed record ConnectorFailure
{
    public required int StatusCode { get; init; }

    /// <summary>Sent as <c>Retry-After</c> in whole seconds (rounded up) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>More response headers, e.g. <c>Retry-After</c> as an HTTP date or <c>retry-after-ms</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The Bot Connector error code in <c>{"error":{"code":…}}</c>.</summary>
    public string ErrorCode { get; init; } = "ServiceError";

    public string Message { get; init; } = "Scripted failure from the test double.";

    public int Times { get; init; } = 1;

    /// <summary>Which requests this failure applies to; null means activity sends, replies and updates.</summary>
    public Func<ConnectorRequest, bool>? When { get; init; }

    public static ConnectorFailure TooManyRequests(TimeSpan retryAfter, int times = 1) => new()
    {
        StatusCode = 429,
        RetryAfter = retryAfter,
        ErrorCode = "TooManyRequests",
        Message = "Too many requests for this conversation (test double).",
        Times = times,
    };

    public static ConnectorFailure PreconditionFailed(int times = 1) => new()
    {
        StatusCode = 412,
        ErrorCode = "PreconditionFailed",
        Message = "Conversation was modified concurrently (test double).",
        Times = times,
    };

    public static ConnectorFailure BadGateway(int times = 1) => new()
    {
        StatusCode = 502,
        ErrorCode = "BadGateway",
        Message = "Upstream failure (test double).",
        Times = times,
    };

    public static ConnectorFailure GatewayTimeout(int times = 1) => new()
    {
        StatusCode = 504,
        ErrorCode = "GatewayTimeout",
        Message = "Upstream timeout (test double).",
        Times = times,
    };

    /// <summary>Refuses requests that carry a <c>streaminfo</c> entity, as Teams does outside 1:1 chats (4xx) or
    /// after two minutes (403 ContentStreamNotAllowed).</summary>
    public static ConnectorFailure StreamingNotAllowed(int statusCode = 403, int times = int.MaxValue) => new()
    {
        StatusCode = statusCode,
        ErrorCode = "ContentStreamNotAllowed",
        Message = "Content stream is not allowed (test double).",
        Times = times,
        When = request => request.StreamInfo is not null,
    };
}
