using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Incoming webhook URLs, whose path or signature is the only credential needed to post into a channel:
/// Microsoft Teams connectors (*.webhook.office.com/webhookb2/…/IncomingWebhook/…, and the older
/// outlook.office.com/webhook/… form), Teams Workflows and Logic Apps trigger URLs signed with sig=, and Discord
/// webhooks. Slack webhook URLs are reported by <see cref="SlackTokenDetector"/>.
/// </summary>
internal sealed partial class WebhookUrlDetector : IDlpDetector
{
    // The host names are rare in prose; a vectorised literal search decides whether the pattern runs at all.
    private static readonly SearchValues<string> Hosts = SearchValues.Create(
        ["webhook.office.com", "outlook.office.com/webhook", "outlook.office365.com/webhook", "logic.azure.com",
         "api.powerplatform.com", "discord.com/api/webhooks", "discordapp.com/api/webhooks"],
        StringComparison.OrdinalIgnoreCase);

    public string Id => "webhook_url";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "WEBHOOK";

    public string Noun => "webhook URL";

    public string NounPlural => "webhook URLs";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        int first = normalisedText.AsSpan().IndexOfAny(Hosts);
        if (first < 0)
        {
            return;
        }

        // The URL starts at most a host label and "https://prod-00.westeurope." before the literal.
        int from = Math.Max(0, first - 96);
        foreach (var match in WebhookRegex().EnumerateMatches(normalisedText, from))
        {
            findings.Add(new DlpFinding(Id, match.Index, match.Length));
        }
    }

    [GeneratedRegex(
        @"https://(?:[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2/|outlook\.office(?:365)?\.com/webhook/)[A-Za-z0-9@-]{20,}/IncomingWebhook/[A-Za-z0-9]{16,}/[A-Za-z0-9/_-]{16,}"
        + @"|https://[A-Za-z0-9.-]+\.(?:logic\.azure\.com|api\.powerplatform\.com)(?::443)?/[^\s""'<>?]*\?[^\s""'<>]*?\bsig=[A-Za-z0-9%_-]{20,}[^\s""'<>]*"
        + @"|https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{5,}/[A-Za-z0-9_-]{40,}",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WebhookRegex();
}
