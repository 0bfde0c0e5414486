namespace TeamsBot.LoadTest;

/// <summary>A stretch of turns of the growing conversation: per-turn averages over it.</summary>
internal sealed record GrowthWindow(
    int FirstTurn,
    int LastTurn,
    double EndToEndMilliseconds,
    double CpuMillisecondsPerTurn,
    double AllocatedKilobytesPerTurn,
    long RssBytesAtEnd,
    long ManagedHeapBytesAtEnd);
