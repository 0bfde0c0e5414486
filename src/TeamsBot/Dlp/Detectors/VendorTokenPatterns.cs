using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// Documented vendor key formats (from the vendors' documentation and gitleaks' rules). Each pattern is
/// anchored with <c>\G</c> because <see cref="VendorTokenDetector"/> runs it only where a prefix was found.
/// </summary>
internal static partial class VendorTokenPatterns
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64Url = Base62 + "_-";

    /// <summary>Anthropic API and admin keys: sk-ant-api03-…, sk-ant-admin01-…</summary>
    public static VendorTokenFormat Anthropic { get; } = new(
        "anthropic_key", "ANTHROPIC_KEY", "Anthropic API key", "Anthropic API keys",
        ["sk-ant-"], AnthropicRegex(), Base64Url, MixedBody: true);

    /// <summary>OpenAI keys: legacy sk-…, project sk-proj-…, service account sk-svcacct-…, admin sk-admin-….</summary>
    public static VendorTokenFormat OpenAi { get; } = new(
        "openai_key", "OPENAI_KEY", "OpenAI API key", "OpenAI API keys",
        ["sk-"], OpenAiRegex(), Base64Url, MixedBody: true);

    /// <summary>Google API keys (Maps, Firebase, Gemini, …): AIza followed by 35 characters.</summary>
    public static VendorTokenFormat GoogleApiKey { get; } = new(
        "google_api_key", "GOOGLE_KEY", "Google API key", "Google API keys",
        ["AIza"], GoogleApiKeyRegex(), Base64Url, MixedBody: false);

    /// <summary>Stripe secret and restricted keys, live and test: sk_live_, rk_live_, sk_test_, rk_test_.</summary>
    public static VendorTokenFormat Stripe { get; } = new(
        "stripe_key", "STRIPE_KEY", "Stripe secret key", "Stripe secret keys",
        ["sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_"], StripeRegex(), Base62 + "_", MixedBody: true);

    /// <summary>npm access tokens: npm_ followed by 36 alphanumerics.</summary>
    public static VendorTokenFormat Npm { get; } = new(
        "npm_token", "NPM_TOKEN", "npm access token", "npm access tokens",
        ["npm_"], NpmRegex(), Base62 + "_", MixedBody: true);

    /// <summary>PyPI API tokens: macaroons whose base64 starts with the issuing index's name (production or test index).</summary>
    public static VendorTokenFormat PyPi { get; } = new(
        "pypi_token", "PYPI_TOKEN", "PyPI API token", "PyPI API tokens",
        ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"], PyPiRegex(), Base64Url, MixedBody: false);

    /// <summary>Hugging Face user access tokens: hf_ followed by 34 letters (newer ones may carry digits).</summary>
    public static VendorTokenFormat HuggingFace { get; } = new(
        "huggingface_token", "HF_TOKEN", "Hugging Face token", "Hugging Face tokens",
        ["hf_"], HuggingFaceRegex(), Base62 + "_", MixedBody: false);

    /// <summary>Twilio API key SIDs: SK followed by 32 hex digits.</summary>
    public static VendorTokenFormat Twilio { get; } = new(
        "twilio_key", "TWILIO_KEY", "Twilio API key", "Twilio API keys",
        ["SK"], TwilioRegex(), Base62 + "_", MixedBody: false);

    /// <summary>SendGrid API keys: SG.{22}.{43}.</summary>
    public static VendorTokenFormat SendGrid { get; } = new(
        "sendgrid_key", "SENDGRID_KEY", "SendGrid API key", "SendGrid API keys",
        ["SG."], SendGridRegex(), Base64Url, MixedBody: false);

    [GeneratedRegex(@"\Gsk-ant-[a-z]{2,8}[0-9]{0,3}-[A-Za-z0-9_-]{32,300}", RegexOptions.CultureInvariant)]
    private static partial Regex AnthropicRegex();

    // Not "sk-ant-" (Anthropic's detector runs first and reports those under its own id).
    [GeneratedRegex(@"\Gsk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,300}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiRegex();

    [GeneratedRegex(@"\GAIza[A-Za-z0-9_-]{35}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKeyRegex();

    [GeneratedRegex(@"\G(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}", RegexOptions.CultureInvariant)]
    private static partial Regex StripeRegex();

    [GeneratedRegex(@"\Gnpm_[A-Za-z0-9]{36}", RegexOptions.CultureInvariant)]
    private static partial Regex NpmRegex();

    [GeneratedRegex(@"\Gpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}", RegexOptions.CultureInvariant)]
    private static partial Regex PyPiRegex();

    // Letters only in the classic format; a body that is one lower-case word run ("hf_abcdef…") is unlikely
    // to be 34+ characters long, so no extra check is needed.
    [GeneratedRegex(@"\Ghf_[A-Za-z0-9]{34,40}", RegexOptions.CultureInvariant)]
    private static partial Regex HuggingFaceRegex();

    [GeneratedRegex(@"\GSK[0-9a-fA-F]{32}", RegexOptions.CultureInvariant)]
    private static partial Regex TwilioRegex();

    [GeneratedRegex(@"\GSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}", RegexOptions.CultureInvariant)]
    private static partial Regex SendGridRegex();
}
