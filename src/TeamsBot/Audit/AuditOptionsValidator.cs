using Microsoft.Extensions.Options;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>Fails startup with messages that name the key and what is accepted.</summary>
internal sealed class AuditOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<AuditOptions>
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

        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKey)
            && AuditKeyEncryptionKey.FromConfiguration(options.KeyEncryptionKey) is null)
        {
            failures.Add($"Audit:KeyEncryptionKey must be a base64 key of at least {ShortestKeyBytes} bytes.");
        }
        else if (string.IsNullOrWhiteSpace(options.KeyEncryptionKey) && storage.Value.Provider == StorageProvider.Postgres)
        {
            failures.Add($"Audit:KeyEncryptionKey must be set with PostgreSQL storage (a base64 key of at least {ShortestKeyBytes} bytes, the same on every instance): it wraps each person's audit key.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
