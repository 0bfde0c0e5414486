using System.ComponentModel.DataAnnotations;

namespace TeamsBot.Model;

/// <summary>Which private model answers, and how much of it a turn may use. Section <c>Model</c>.</summary>
public sealed class ModelOptions
{
    public const string SectionName = "Model";

    /// <summary>Empty means not configured: the bot starts and every message gets a card saying which keys to set.</summary>
    public ModelProvider? Provider { get; set; }

    /// <summary>Azure OpenAI resource URL, or an OpenAI-compatible base URL such as http://localhost:11434/v1.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Azure deployment name, or the model name on an OpenAI-compatible server.</summary>
    public string? Deployment { get; set; }

    /// <summary>Optional. For Azure OpenAI, empty means the credential Azure:Credential names (managed identity by default).</summary>
    public string? ApiKey { get; set; }

    public string SystemPrompt { get; set; } =
        "You are TeamsBot, the company's private assistant in Microsoft Teams. Answer helpfully and concisely in "
        + "Markdown.";

    [Range(256, 2_000_000)]
    public int MaxPromptTokens { get; set; } = 8000;

    [Range(16, 200_000)]
    public int MaxOutputTokens { get; set; } = 1000;

    [Range(0.0, 2.0)]
    public float Temperature { get; set; } = 0.3f;

    /// <summary>How long one model call may take, retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// The longest Retry-After a turn waits for in place. A longer one opens the circuit breaker: the turn waits,
    /// unanswered, until the model is back (at most <see cref="OutageWait"/>).
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a message waits for a model that is refusing requests before the user gets a card instead.</summary>
    public TimeSpan OutageWait { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Failed model calls in a row (throttled, 5xx, unreachable, timed out) that open the circuit breaker.</summary>
    [Range(1, 100)]
    public int BreakerFailures { get; set; } = 5;

    /// <summary>The wait before the first probe after repeated failures; it doubles per failed probe.</summary>
    public TimeSpan BreakerBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between probes while the breaker is open, however long a Retry-After asks for.</summary>
    public TimeSpan MaxProbeDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tiktoken encoding used to budget prompts (o200k_base is the gpt-4o family).</summary>
    public string Tokenizer { get; set; } = "o200k_base";

    public bool IsConfigured => Provider is not null;
}
