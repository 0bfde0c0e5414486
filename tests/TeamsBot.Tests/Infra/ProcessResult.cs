namespace TeamsBot.Tests.Infra;

/// <summary>Exit code and captured output of an external tool.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything the tool printed, for assertion messages.</summary>
    public string Output => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
