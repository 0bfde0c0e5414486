using Microsoft.Extensions.Options;

namespace TeamsBot.Turns;

/// <summary>Fails startup with messages that name the key and the accepted range, and names removed keys.</summary>
internal sealed class TurnsOptionsValidator(IConfiguration configuration) : IValidateOptions<TurnsOptions>
{
    /// <summary>Replaced by leases: every instance now takes over whatever is unanswered, whatever its age.</summary>
    internal const string RemovedResumeWindowKey = "Limits:ResumeWindow";

    public ValidateOptionsResult Validate(string? name, TurnsOptions options)
    {
        var failures = new List<string>();
        if (options.LeaseDuration < TimeSpan.FromSeconds(2) || options.LeaseDuration > TimeSpan.FromMinutes(10))
        {
            failures.Add("Turns:LeaseDuration must be between 00:00:02 and 00:10:00.");
        }

        // Polling slower than the renewal would stretch failover past the lease for no gain.
        if (options.PollInterval < TimeSpan.FromMilliseconds(50) || options.PollInterval > options.LeaseDuration / 3)
        {
            failures.Add("Turns:PollInterval must be at least 00:00:00.05 and at most a third of Turns:LeaseDuration.");
        }

        if (options.AnswerDeadline < TimeSpan.FromMinutes(1) || options.AnswerDeadline > TimeSpan.FromDays(7))
        {
            failures.Add("Turns:AnswerDeadline must be between 00:01:00 and 7.00:00:00.");
        }

        // It holds a worker slot and the answer in memory; an outage longer than this is not waited out in memory.
        if (options.AnswerStoreWindow < TimeSpan.FromSeconds(1) || options.AnswerStoreWindow > TimeSpan.FromMinutes(30))
        {
            failures.Add("Turns:AnswerStoreWindow must be between 00:00:01 and 00:30:00.");
        }

        if (options.InstanceName is { Length: > 80 })
        {
            failures.Add("Turns:InstanceName must be at most 80 characters.");
        }

        if (configuration[RemovedResumeWindowKey] is not null)
        {
            failures.Add($"{RemovedResumeWindowKey} was removed: any instance now answers every waiting message until "
                + "Turns:AnswerDeadline; remove the setting (see Turns:AnswerDeadline in the admin guide).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
