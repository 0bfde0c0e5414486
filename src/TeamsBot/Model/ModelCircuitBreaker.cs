using Microsoft.Extensions.Options;
using TeamsBot.Telemetry;

namespace TeamsBot.Model;

/// <summary>
/// The circuit breaker in front of the one model endpoint this instance calls. It opens when the model refuses for
/// longer than a turn may wait (429 or 503 with a Retry-After beyond <c>Model:MaxRetryDelay</c>) or after
/// <c>Model:BreakerFailures</c> outage failures in a row. While open nothing is sent; when the probe is due (at the
/// Retry-After time or the backoff, never later than <c>Model:MaxProbeDelay</c>) exactly one call goes out as the
/// probe, and its outcome closes the breaker or opens it again with a longer backoff.
/// </summary>
internal sealed partial class ModelCircuitBreaker(
    IOptionsMonitor<ModelOptions> options,
    TimeProvider clock,
    ILogger<ModelCircuitBreaker> logger)
{
    /// <summary>
    /// While a probe is on its way other turns look again after this long: a probe usually ends within seconds, and
    /// waiting turns should not wait a whole backoff after the model came back.
    /// </summary>
    internal static readonly TimeSpan ProbePause = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private BreakerState _state = BreakerState.Closed;
    private int _failuresInARow;
    private DateTimeOffset _probeDue;
    private DateTimeOffset _probeStarted;
    private TimeSpan _backoff;

    public BreakerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether a model call may go out now; when not, until when the turn should wait.</summary>
    public BreakerPermit TryAcquire()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            switch (_state)
            {
                case BreakerState.Closed:
                    return BreakerPermit.Call;
                case BreakerState.Open when now >= _probeDue:
                case BreakerState.HalfOpen when now - _probeStarted > options.CurrentValue.Timeout + ProbePause:
                    // A probe that never reported (its instance of the turn died) must not keep the breaker half-open.
                    _probeStarted = now;
                    ChangeState(BreakerState.HalfOpen);
                    return BreakerPermit.Probe;
                case BreakerState.Open:
                    return BreakerPermit.WaitUntil(_probeDue);
                default:
                    return BreakerPermit.WaitUntil(now + ProbePause);
            }
        }
    }

    /// <summary>The model answered (or refused this one request on its merits): the breaker closes.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            _failuresInARow = 0;
            _backoff = TimeSpan.Zero;
            if (_state != BreakerState.Closed)
            {
                ChangeState(BreakerState.Closed);
            }
        }
    }

    /// <summary>A call under <paramref name="permit"/> failed; returns when the next probe is due if the breaker is open.</summary>
    public DateTimeOffset? Failed(BreakerPermit permit, ModelFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (!failure.IsOutage)
        {
            Succeeded();
            return null;
        }

        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _failuresInARow++;
            // The server's own word on when to come back, when it is longer than a turn may wait.
            TimeSpan? refusal = failure.RetryAfter is { } retryAfter && retryAfter > settings.MaxRetryDelay
                ? retryAfter
                : null;
            bool open = refusal is not null || permit.IsProbe || _state != BreakerState.Closed
                || _failuresInARow >= settings.BreakerFailures;
            if (!open)
            {
                return null;
            }

            if (refusal is null && (permit.IsProbe || _state == BreakerState.Closed))
            {
                _backoff = _backoff == TimeSpan.Zero ? settings.BreakerBackoff : _backoff * 2;
            }

            var wait = refusal ?? (_backoff == TimeSpan.Zero ? settings.BreakerBackoff : _backoff);
            if (wait > settings.MaxProbeDelay)
            {
                wait = settings.MaxProbeDelay;
            }

            // A late failure of a call sent before the breaker opened never brings the probe forward.
            var due = now + wait;
            if (_state != BreakerState.Open || permit.IsProbe || due > _probeDue)
            {
                _probeDue = due;
            }

            if (_state == BreakerState.Closed)
            {
                LogOpened(failure.Kind, failure.Status, _failuresInARow, (_probeDue - now).TotalSeconds);
            }
            else if (_state == BreakerState.HalfOpen)
            {
                LogReopened(failure.Kind, failure.Status, (_probeDue - now).TotalSeconds);
            }

            ChangeState(BreakerState.Open);

            return _probeDue;
        }
    }

    /// <summary>The probe's turn stopped before the model answered (shutdown): the next turn probes at once.</summary>
    public void Abandoned(BreakerPermit permit)
    {
        if (!permit.IsProbe)
        {
            return;
        }

        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_state == BreakerState.HalfOpen)
            {
                _probeDue = now;
                ChangeState(BreakerState.Open);
            }
        }
    }

    /// <summary>When the next probe is due, if the breaker is refusing calls now.</summary>
    public DateTimeOffset? RefusingUntil()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            return _state switch
            {
                BreakerState.Open => _probeDue,
                BreakerState.HalfOpen => now + ProbePause,
                _ => null,
            };
        }
    }

    private void ChangeState(BreakerState state)
    {
        if (_state == state)
        {
            return;
        }

        var previous = _state;
        _state = state;
        TeamsBotDiagnostics.ModelBreakerState.Record((int)state,
            new KeyValuePair<string, object?>(TelemetryTags.ServerAddress, options.CurrentValue.Endpoint?.Host));
        if (state == BreakerState.Closed)
        {
            LogClosed(previous);
        }
        else if (state == BreakerState.HalfOpen)
        {
            LogProbing();
        }
    }

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning,
        Message = "Model circuit breaker opened ({Kind}, HTTP {Status}, {Failures} failures in a row); next probe in {WaitSeconds:F0} s")]
    private partial void LogOpened(ModelFailureKind kind, int? status, int failures, double waitSeconds);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Information,
        Message = "Model circuit breaker half-open: one probe call goes to the model")]
    private partial void LogProbing();

    [LoggerMessage(EventId = 1313, Level = LogLevel.Warning,
        Message = "Model circuit breaker open again: the probe failed ({Kind}, HTTP {Status}); next probe in {WaitSeconds:F0} s")]
    private partial void LogReopened(ModelFailureKind kind, int? status, double waitSeconds);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Information,
        Message = "Model circuit breaker closed (was {Previous}): the model answers again")]
    private partial void LogClosed(BreakerState previous);
}
