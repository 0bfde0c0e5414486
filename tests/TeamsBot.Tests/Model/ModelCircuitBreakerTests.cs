using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Model;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Model;

public sealed class ModelCircuitBreakerTests
{
    private static readonly ModelFailure DayLongThrottle =
        new(ModelFailureKind.Throttled, TimeSpan.FromDays(1), 429);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    private readonly ModelOptions _options = new()
    {
        MaxRetryDelay = TimeSpan.FromSeconds(10),
        BreakerFailures = 3,
        BreakerBackoff = TimeSpan.FromSeconds(30),
        MaxProbeDelay = TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void Failed_RetryAfterLongerThanATurnMayWait_OpensUntilTheProbeIsDue()
    {
        var breaker = Breaker();

        var due = breaker.Failed(breaker.TryAcquire(), DayLongThrottle);

        // A day-long Retry-After is capped: one probe every Model:MaxProbeDelay is polite enough.
        Assert.Equal(_clock.GetUtcNow() + _options.MaxProbeDelay, due);
        Assert.Equal(BreakerState.Open, breaker.State);
        var refused = breaker.TryAcquire();
        Assert.False(refused.Allowed);
        Assert.Equal(due, refused.RetryAt);
    }

    [Fact]
    public void Failed_ShortRetryAfter_StaysClosedUntilFailuresInARowReachTheThreshold()
    {
        var breaker = Breaker();
        var shortThrottle = new ModelFailure(ModelFailureKind.Throttled, TimeSpan.FromSeconds(2), 429);

        Assert.Null(breaker.Failed(breaker.TryAcquire(), shortThrottle));
        Assert.Null(breaker.Failed(breaker.TryAcquire(), new ModelFailure(ModelFailureKind.ServerError, Status: 500)));
        var due = breaker.Failed(breaker.TryAcquire(), new ModelFailure(ModelFailureKind.Unreachable));

        Assert.Equal(_clock.GetUtcNow() + _options.BreakerBackoff, due);
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void Failed_RequestRefusedOnItsMerits_CountsAsTheModelAnswering()
    {
        var breaker = Breaker();
        breaker.Failed(breaker.TryAcquire(), new ModelFailure(ModelFailureKind.ServerError, Status: 500));
        breaker.Failed(breaker.TryAcquire(), new ModelFailure(ModelFailureKind.ServerError, Status: 500));

        Assert.Null(breaker.Failed(breaker.TryAcquire(), new ModelFailure(ModelFailureKind.PromptFiltered, Status: 400)));
        Assert.Null(breaker.Failed(breaker.TryAcquire(), new ModelFailure(ModelFailureKind.ServerError, Status: 500)));

        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public void TryAcquire_ProbeDue_ExactlyOneProbeWhileItIsOnItsWay()
    {
        var breaker = Breaker();
        breaker.Failed(breaker.TryAcquire(), DayLongThrottle);
        _clock.Advance(_options.MaxProbeDelay);

        var permits = Enumerable.Range(0, 20).Select(_ => breaker.TryAcquire()).ToList();

        Assert.Single(permits, p => p.Allowed);
        Assert.True(permits[0].IsProbe);
        Assert.All(permits.Skip(1), p => Assert.Equal(_clock.GetUtcNow() + ModelCircuitBreaker.ProbePause, p.RetryAt));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
    }

    [Fact]
    public void Succeeded_AfterTheProbe_ClosesAndCallsGoOutAgain()
    {
        var breaker = Breaker();
        breaker.Failed(breaker.TryAcquire(), DayLongThrottle);
        _clock.Advance(_options.MaxProbeDelay);
        Assert.True(breaker.TryAcquire().IsProbe);

        breaker.Succeeded();

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.Equal(BreakerPermit.Call, breaker.TryAcquire());
    }

    [Fact]
    public void Failed_ProbeFailsWithoutRetryAfter_OpensAgainWithADoubledBackoff()
    {
        var breaker = Breaker();
        var failure = new ModelFailure(ModelFailureKind.ServerError, Status: 502);
        for (int i = 0; i < _options.BreakerFailures; i++)
        {
            breaker.Failed(breaker.TryAcquire(), failure);
        }

        _clock.Advance(_options.BreakerBackoff);
        var due = breaker.Failed(breaker.TryAcquire(), failure);

        Assert.Equal(_clock.GetUtcNow() + (_options.BreakerBackoff * 2), due);
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void Abandoned_ProbeStoppedByShutdown_NextTurnProbesAtOnce()
    {
        var breaker = Breaker();
        breaker.Failed(breaker.TryAcquire(), DayLongThrottle);
        _clock.Advance(_options.MaxProbeDelay);
        var probe = breaker.TryAcquire();

        breaker.Abandoned(probe);

        Assert.True(breaker.TryAcquire().IsProbe);
    }

    [Fact]
    public void StateChanges_RecordedAsTheBreakerStateMetricOfTheEndpoint()
    {
        // A host of its own: other tests' breakers record on the same (static) meter.
        string host = "breaker-metric-" + Guid.NewGuid().ToString("N") + ".example";
        _options.Endpoint = new Uri("https://" + host + "/");
        var recorded = new List<int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "TeamsBot" && instrument.Name == "teamsbot.model.breaker.state")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.address" && Equals(tag.Value, host))
                {
                    lock (recorded)
                    {
                        recorded.Add(value);
                    }
                }
            }
        });
        listener.Start();
        var breaker = Breaker();

        breaker.Failed(breaker.TryAcquire(), DayLongThrottle);
        _clock.Advance(_options.MaxProbeDelay);
        breaker.TryAcquire();
        breaker.Succeeded();

        Assert.Equal([2, 1, 0], recorded);
    }

    private ModelCircuitBreaker Breaker() =>
        new(new FixedOptionsMonitor<ModelOptions>(_options), _clock, NullLogger<ModelCircuitBreaker>.Instance);
}
