using Microsoft.Extensions.Options;

namespace TeamsBot.Connector;

/// <summary>Fails startup with messages that name the key and the accepted range.</summary>
internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LongestAttempt = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LongestDeliveryWindow = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        var failures = new List<string>();
        if (options.MaxDelay <= TimeSpan.Zero || options.MaxDelay > LongestBackoff)
        {
            failures.Add("Connector:MaxDelay must be between 00:00:00.001 and 00:05:00.");
        }

        if (options.BaseDelay <= TimeSpan.Zero || options.BaseDelay > options.MaxDelay)
        {
            failures.Add("Connector:BaseDelay must be above zero and not above Connector:MaxDelay.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero || options.MaxRetryAfter > LongestRetryAfter)
        {
            failures.Add("Connector:MaxRetryAfter must be between 00:00:00 and 00:10:00.");
        }

        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > LongestAttempt)
        {
            failures.Add("Connector:AttemptTimeout must be between 00:00:01 and 00:10:00.");
        }

        if (options.DeliveryWindow < TimeSpan.FromSeconds(1) || options.DeliveryWindow > LongestDeliveryWindow)
        {
            failures.Add("Connector:DeliveryWindow must be between 00:00:01 and 1.00:00:00.");
        }

        foreach (var host in options.AllowedServiceUrlHosts.Where(h => !ServiceUrlAllowList.IsHostName(h)))
        {
            failures.Add($"Connector:AllowedServiceUrlHosts: '{host}' is not a host name; list names only, such as "
                + "smba.teams.sovcloud-core.fr (no scheme, port or path).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
