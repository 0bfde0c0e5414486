namespace TeamsBot.Model;

/// <summary>
/// What the circuit breaker allows one turn: call the model (as the single probe, when the breaker was open), or wait
/// until <see cref="RetryAt"/>.
/// </summary>
public readonly record struct BreakerPermit(bool Allowed, bool IsProbe, DateTimeOffset RetryAt)
{
    public static BreakerPermit Call { get; } = new(true, false, default);

    public static BreakerPermit Probe { get; } = new(true, true, default);

    public static BreakerPermit WaitUntil(DateTimeOffset retryAt) => new(false, false, retryAt);
}
