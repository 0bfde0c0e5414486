namespace TeamsBot.Tests.TestUtils;

/// <summary>How a bot process run by <see cref="BotProcess.RunUntilExitAsync"/> ended.</summary>
public sealed record BotExitResult(int? ExitCode, bool BecameHealthy, bool TimedOut, IReadOnlyList<string> Output)
{
    public string OutputText => string.Join('\n', Output);
}
