namespace TeamsBot.Turns;

/// <summary>
/// Wakes this instance's turn worker: on receipt here (no poll latency for the common case), and when a slot frees.
/// </summary>
internal sealed class TurnSignal : WakeSignal;
