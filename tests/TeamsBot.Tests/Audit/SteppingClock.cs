namespace TeamsBot.Tests.Audit;

/// <summary>Each reading is one step later than the last, so every audit record gets its own known time.</summary>
internal sealed class SteppingClock(DateTimeOffset start, TimeSpan step) : TimeProvider
{
    private long _readings;

    public override DateTimeOffset GetUtcNow() => start + (step * (Interlocked.Increment(ref _readings) - 1));
}
