using TeamsBot.Turns;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// Wakes this instance's index service early (a collection was added or an admin asked for a reindex).
/// </summary>
internal sealed class CollectionIndexSignal : WakeSignal;
