namespace TeamsBot.LoadTest;

/// <summary>Messages sent, never answered, answered more than once, and answers to messages never sent.</summary>
internal readonly record struct LedgerSummary(int Expected, int Lost, int Duplicated, int Unexpected);
