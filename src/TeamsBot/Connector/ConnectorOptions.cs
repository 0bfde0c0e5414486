using System.ComponentModel.DataAnnotations;

namespace TeamsBot.Connector;

/// <summary>
/// Where the bot may answer, and how it retries Bot Connector calls that Teams refuses for the moment (429, 412,
/// 502, 504). Section <c>Connector</c>. Pacing to Teams' per-conversation limits is always on and has no settings.
/// </summary>
public sealed class ConnectorOptions
{
    public const string SectionName = "Connector";

    /// <summary>
    /// Service URL hosts the bot answers besides Teams' own (<see cref="ServiceUrlAllowList.TeamsHosts"/>), e.g. a
    /// sovereign cloud's. Host names only, matched exactly; https only (http only for a loopback host, for tests).
    /// Ignored in Development, where any service URL is answered.
    /// </summary>
    public string[] AllowedServiceUrlHosts { get; set; } = [];

    /// <summary>Tries per send, the first included; 1 turns retries off.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Backoff before the first retry; each further retry doubles it (randomised, "full jitter").</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the doubling backoff. A longer Retry-After from Teams is still honoured.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(16);

    /// <summary>The longest Retry-After we wait for; a longer one fails the send at once, as without retries.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one HTTP attempt may take. It replaces HttpClient's overall timeout, which would otherwise also count
    /// the time a send waits for a pacing slot or a retry.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long a stored answer keeps being offered to the Bot Connector while it is down or throttling (each offer
    /// itself retried as above), from when the answer was stored. Past it the answer is given up: logged, audited and
    /// the turn marked Undelivered.
    /// </summary>
    public TimeSpan DeliveryWindow { get; set; } = TimeSpan.FromMinutes(30);
}
