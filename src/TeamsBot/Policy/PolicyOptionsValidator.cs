using Microsoft.Extensions.Options;
using TeamsBot.Hosting;

namespace TeamsBot.Policy;

internal sealed class PolicyOptionsValidator(IOptions<BotAuthenticationOptions> bot, IHostEnvironment environment)
    : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        var failures = new List<string>();
        if (options.AllowedTenants.Count == 0 && string.IsNullOrWhiteSpace(bot.Value.MicrosoftAppTenantId)
            && !environment.IsDevelopment())
        {
            failures.Add("Policy:AllowedTenants is empty and MicrosoftAppTenantId is not set, so no tenant could use "
                + "the bot. Set Policy:AllowedTenants to your tenant id(s).");
        }

        for (int i = 0; i < options.AllowedTenants.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedTenants[i]))
            {
                failures.Add($"Policy:AllowedTenants:{i} is empty.");
            }
        }

        CheckTenant("Policy", options, failures);
        foreach (var (tenantId, tenant) in options.Tenants)
        {
            CheckTenant($"Policy:Tenants:{tenantId}", tenant, failures);
            if (tenant.Dlp is not null)
            {
                failures.AddRange(Dlp.DlpOptionsValidator.GetErrors(tenant.Dlp, $"Policy:Tenants:{tenantId}:Dlp"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckTenant(string prefix, TenantPolicyOptions tenant, List<string> failures)
    {
        var groups = tenant.AllowedGroups ?? [];
        for (int i = 0; i < groups.Count; i++)
        {
            if (!Guid.TryParse(groups[i], out _))
            {
                failures.Add($"{prefix}:AllowedGroups:{i} ('{groups[i]}') is not a Microsoft Entra group object id (a GUID).");
            }
        }

        if (tenant.PolicyUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"{prefix}:PolicyUrl ('{url}') must be an absolute http or https address.");
        }

        if (tenant.Quotas.MessagesPerUserPerDay < 0 || tenant.Quotas.TokensPerUserPerDay < 0
            || tenant.Quotas.TokensPerTenantPerDay < 0)
        {
            failures.Add($"{prefix}:Quotas values must be 0 (unlimited) or more.");
        }
    }
}
