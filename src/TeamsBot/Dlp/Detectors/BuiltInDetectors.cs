using System.Collections.Frozen;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// The built-in detectors in precedence order: when two overlapping findings have the same action and length,
/// the earlier detector wins. Specific secrets come before the generic password/api_key rules, and secrets
/// before personal data.
/// </summary>
internal static class BuiltInDetectors
{
    public static readonly IReadOnlyList<IDlpDetector> All =
    [
        new PrivateKeyDetector(),
        new AzureStorageKeyDetector(),
        new JwtDetector(),
        new AwsAccessKeyDetector(),
        new AwsSecretKeyDetector(),
        new GitHubTokenDetector(),
        new GitLabTokenDetector(),
        new SlackTokenDetector(),
        new VendorTokenDetector(VendorTokenPatterns.Anthropic),
        new VendorTokenDetector(VendorTokenPatterns.OpenAi),
        new VendorTokenDetector(VendorTokenPatterns.GoogleApiKey),
        new VendorTokenDetector(VendorTokenPatterns.Stripe),
        new VendorTokenDetector(VendorTokenPatterns.Npm),
        new VendorTokenDetector(VendorTokenPatterns.PyPi),
        new VendorTokenDetector(VendorTokenPatterns.HuggingFace),
        new VendorTokenDetector(VendorTokenPatterns.Twilio),
        new VendorTokenDetector(VendorTokenPatterns.SendGrid),
        new AzureClientSecretDetector(),
        new WebhookUrlDetector(),
        new KubernetesSecretDetector(),
        new PasswordDetector(),
        new ApiKeyDetector(),
        new CreditCardDetector(),
        new IbanDetector(),
        new UsSsnDetector(),
        new EmailDetector(),
        new PhoneDetector(),
        new IpAddressDetector(),
    ];

    public static readonly FrozenDictionary<string, IDlpDetector> ById =
        All.ToFrozenDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>Ids in alphabetical order, for messages.</summary>
    public static readonly IReadOnlyList<string> Ids = [.. All.Select(d => d.Id).Order(StringComparer.Ordinal)];

    /// <summary>Default action when Policy:Dlp:Rules does not name the detector.</summary>
    public static DlpAction DefaultAction(IDlpDetector detector) =>
        detector.Kind == DlpDetectorKind.Secret ? DlpAction.Block : DlpAction.Redact;
}
