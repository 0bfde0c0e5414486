using Microsoft.Extensions.Options;

namespace TeamsBot.Audit;

/// <summary>Fails startup with messages that name the key and what is accepted.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    internal const int ShortestKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.CheckpointPath) && AuditCheckpoint.KeyBytes(options.CheckpointKey) is null)
        {
            failures.Add($"Audit:CheckpointKey must be a base64 key of at least {ShortestKeyBytes} bytes when Audit:CheckpointPath is set.");
        }

        if (options.CheckpointInterval < TimeSpan.FromSeconds(10) || options.CheckpointInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Audit:CheckpointInterval must be between 00:00:10 and 1.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
