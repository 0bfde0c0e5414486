namespace TeamsBot.Model;

/// <summary>The model circuit breaker's state; the numbers are what the state metric records.</summary>
public enum BreakerState
{
    /// <summary>Calls go to the model.</summary>
    Closed = 0,

    /// <summary>One probe call is on its way; every other call waits for its outcome.</summary>
    HalfOpen = 1,

    /// <summary>The model is refusing: nothing is sent until the next probe is due.</summary>
    Open = 2,
}
