using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Hosting;

namespace TeamsBot.Policy;

/// <summary>Merges the defaults with a tenant's overrides. Anything it cannot decide is refused (fail closed).</summary>
internal sealed class PolicyProvider(
    IOptionsMonitor<PolicyOptions> policy,
    IOptionsMonitor<DlpOptions> dlp,
    IOptions<BotAuthenticationOptions> bot,
    IHostEnvironment environment) : IPolicyProvider
{
    public EffectivePolicy For(string tenantId)
    {
        var options = policy.CurrentValue;
        options.Tenants.TryGetValue(tenantId, out var tenant);
        var scopes = new HashSet<ConversationScope>();
        if (tenant?.Scopes.Personal ?? options.Scopes.Personal ?? true)
        {
            scopes.Add(ConversationScope.Personal);
        }

        if (tenant?.Scopes.GroupChat ?? options.Scopes.GroupChat ?? true)
        {
            scopes.Add(ConversationScope.GroupChat);
        }

        if (tenant?.Scopes.Channel ?? options.Scopes.Channel ?? true)
        {
            scopes.Add(ConversationScope.Channel);
        }

        var groups = (tenant?.AllowedGroups ?? options.AllowedGroups ?? []).Where(g => !string.IsNullOrWhiteSpace(g))
            .Select(g => g.Trim().ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var blocked = new HashSet<string>((tenant?.BlockedUsers ?? options.BlockedUsers ?? []).Select(u => u.Trim()),
            StringComparer.OrdinalIgnoreCase);
        int messages = tenant?.Quotas.MessagesPerUserPerDay ?? options.Quotas.MessagesPerUserPerDay ?? 0;
        long userTokens = tenant?.Quotas.TokensPerUserPerDay ?? options.Quotas.TokensPerUserPerDay ?? 0;
        long tenantTokens = tenant?.Quotas.TokensPerTenantPerDay ?? options.Quotas.TokensPerTenantPerDay ?? 0;
        bool allowed = IsTenantAllowed(options, tenantId);
        var rules = tenant?.Dlp ?? dlp.CurrentValue;
        string version = VersionOf(tenantId, allowed, scopes, groups, blocked, messages, userTokens, tenantTokens,
            DlpFingerprint(rules));
        return new EffectivePolicy(tenantId, allowed, scopes, groups, blocked, messages, userTokens, tenantTokens, rules,
            version);
    }

    private bool IsTenantAllowed(PolicyOptions options, string tenantId)
    {
        if (options.AllowedTenants.Count > 0)
        {
            return options.AllowedTenants.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
        }

        string? own = bot.Value.MicrosoftAppTenantId;
        if (!string.IsNullOrWhiteSpace(own))
        {
            return string.Equals(own, tenantId, StringComparison.OrdinalIgnoreCase);
        }

        // Only local testing gets "any tenant"; PolicyOptionsValidator stops production starting like this.
        return environment.IsDevelopment();
    }

    private static string DlpFingerprint(DlpOptions options) =>
        new StringBuilder().Append(options.Mode)
            .AppendJoin(',', options.Rules.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase).Select(r => $"{r.Key.ToLowerInvariant()}={r.Value}"))
            .Append('|')
            .AppendJoin(',', options.Custom.Select(c => $"{c.Id}:{c.Action}:{c.Pattern}:{string.Join('/', c.Keywords ?? [])}"))
            .Append("|answers:")
            .AppendJoin(',', options.AnswerRules.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase).Select(r => $"{r.Key.ToLowerInvariant()}={r.Value}"))
            .ToString();

    /// <summary>A short hash of everything that decides a turn, so an audit record says which rules applied.</summary>
    private static string VersionOf(string tenantId, bool allowed, HashSet<ConversationScope> scopes,
        List<string> groups, HashSet<string> blocked, int messages, long userTokens, long tenantTokens, string dlp)
    {
        var canonical = new StringBuilder()
            .Append("tenant=").Append(tenantId).Append(";allowed=").Append(allowed)
            .Append(";scopes=").AppendJoin(',', scopes.Order())
            .Append(";groups=").AppendJoin(',', groups)
            .Append(";blocked=").AppendJoin(',', blocked.Select(b => b.ToLowerInvariant()).Order(StringComparer.Ordinal))
            .Append(CultureInfo.InvariantCulture, $";quotas={messages},{userTokens},{tenantTokens}")
            .Append(";dlp=").Append(dlp);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
    }
}
