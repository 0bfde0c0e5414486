using Microsoft.Extensions.Options;

namespace TeamsBot.Lifecycle;

/// <summary>Fails startup with messages that name the key and the accepted range.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <summary>The usage report's longest window (30 days) and today's quota must stay readable.</summary>
    internal const int ShortestUsageDays = 31;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        CheckDays(failures, "Retention:Personal", options.Personal);
        CheckDays(failures, "Retention:GroupChat", options.GroupChat);
        CheckDays(failures, "Retention:Channel", options.Channel);
        CheckDays(failures, "Retention:Files", options.Files);
        if (options.UsageCounters is < ShortestUsageDays or > RetentionOptions.LongestDays)
        {
            failures.Add($"Retention:UsageCounters must be between {ShortestUsageDays} and {RetentionOptions.LongestDays}.");
        }

        if (options.PurgeInterval < TimeSpan.FromMinutes(1) || options.PurgeInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Retention:PurgeInterval must be between 00:01:00 and 1.00:00:00.");
        }

        foreach (var (tenant, periods) in options.Tenants)
        {
            CheckDays(failures, $"Retention:Tenants:{tenant}:Personal", periods.Personal);
            CheckDays(failures, $"Retention:Tenants:{tenant}:GroupChat", periods.GroupChat);
            CheckDays(failures, $"Retention:Tenants:{tenant}:Channel", periods.Channel);
            CheckDays(failures, $"Retention:Tenants:{tenant}:Files", periods.Files);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckDays(List<string> failures, string key, int? days)
    {
        if (days is < 0 or > RetentionOptions.LongestDays)
        {
            failures.Add($"{key} must be between 0 (kept until forgotten) and {RetentionOptions.LongestDays} days.");
        }
    }
}
