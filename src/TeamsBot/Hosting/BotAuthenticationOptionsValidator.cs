using Microsoft.Extensions.Options;

namespace TeamsBot.Hosting;

/// <summary>
/// The SDK silently accepts unauthenticated calls when MicrosoftAppId is empty; outside Development we refuse to
/// start instead.
/// </summary>
internal sealed class BotAuthenticationOptionsValidator(IHostEnvironment environment)
    : IValidateOptions<BotAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, BotAuthenticationOptions options)
    {
        if (options.IsAnonymous)
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    "MicrosoftAppId is empty: inbound requests would not be authenticated. Set MicrosoftAppId (and "
                    + "MicrosoftAppType, MicrosoftAppPassword or a managed identity), or run with "
                    + "ASPNETCORE_ENVIRONMENT=Development on a loopback address for local testing.");
        }

        var failures = new List<string>();
        switch (options.MicrosoftAppType.ToUpperInvariant())
        {
            case "MULTITENANT":
                RequirePassword(options, failures);
                break;
            case "SINGLETENANT":
                RequirePassword(options, failures);
                RequireTenant(options, failures);
                break;
            case "USERASSIGNEDMSI":
                RequireTenant(options, failures);
                if (!string.IsNullOrEmpty(options.MicrosoftAppPassword))
                {
                    failures.Add("MicrosoftAppPassword must be empty with MicrosoftAppType=UserAssignedMsi: the "
                        + "managed identity has no password.");
                }

                break;
            default:
                failures.Add($"MicrosoftAppType '{options.MicrosoftAppType}' is not supported. Use MultiTenant, "
                    + "SingleTenant or UserAssignedMsi.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePassword(BotAuthenticationOptions options, List<string> failures)
    {
        if (string.IsNullOrEmpty(options.MicrosoftAppPassword))
        {
            failures.Add($"MicrosoftAppPassword is required with MicrosoftAppType={options.MicrosoftAppType}: the "
                + "client secret of the bot's app registration.");
        }
    }

    private static void RequireTenant(BotAuthenticationOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add($"MicrosoftAppTenantId is required with MicrosoftAppType={options.MicrosoftAppType}.");
        }
    }
}
