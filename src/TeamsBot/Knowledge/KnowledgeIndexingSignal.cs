using TeamsBot.Turns;

namespace TeamsBot.Knowledge;

/// <summary>
/// Wakes this instance's indexing worker when a file was stored here; other instances find the pending rows by
/// polling.
/// </summary>
internal sealed class KnowledgeIndexingSignal : WakeSignal;
