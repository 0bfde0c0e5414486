using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace TeamsBot.Connector;

/// <summary>When to try a refused Bot Connector call again.</summary>
internal static class ConnectorBackoff
{
    /// <summary>Millisecond variants some Microsoft services send besides the standard <c>Retry-After</c>.</summary>
    private static readonly string[] MillisecondHeaders = ["retry-after-ms", "x-ms-retry-after-ms"];

    /// <summary>The statuses Teams documents as transient for bots: throttled, precondition failed, bad gateway,
    /// gateway timeout.</summary>
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// Exponential backoff with full jitter (a random wait between zero and <c>baseDelay · 2^(retry-1)</c>, capped
    /// at <paramref name="maxDelay"/>), so bots throttled together do not retry together; but never shorter than what
    /// the service asked for.
    /// </summary>
    /// <param name="retry">1 for the first retry.</param>
    /// <param name="baseDelay">The ceiling of the first retry's wait.</param>
    /// <param name="maxDelay">The highest ceiling, however many retries.</param>
    /// <param name="serverHint">What the response asked for (<see cref="ServerHint(HttpResponseMessage, DateTimeOffset)"/>), if anything.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? serverHint, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var exponent = Math.Min(retry - 1, 30);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        var backoff = TimeSpan.FromTicks((long)(ceiling * Math.Clamp(jitter, 0, 1)));
        return serverHint is { } hint && hint > backoff ? hint : backoff;
    }

    /// <summary>
    /// The longest wait the response asks for: <c>Retry-After</c> in seconds or as an HTTP date (relative to
    /// <paramref name="now"/>), <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>. Null when none is usable.
    /// </summary>
    public static TimeSpan? ServerHint(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ServerHint(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null,
            now);
    }

    /// <summary>The same, from headers read by name (case-insensitive), as an SDK exception carries them.</summary>
    public static TimeSpan? ServerHint(Func<string, string?> header, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(header);
        TimeSpan? longest = null;
        if (RetryConditionHeaderValue.TryParse(header("Retry-After"), out var retryAfter))
        {
            longest = retryAfter.Delta ?? (retryAfter.Date is { } date ? Max(date - now, TimeSpan.Zero) : null);
        }

        foreach (var name in MillisecondHeaders)
        {
            if (double.TryParse(header(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
                && ms >= 0 && ms < TimeSpan.MaxValue.TotalMilliseconds)
            {
                var wait = TimeSpan.FromMilliseconds(ms);
                longest = longest is { } known && known >= wait ? known : wait;
            }
        }

        return longest;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
