using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>A chat-completions request recorded by <see cref="ModelServerDouble"/>.</summary>
public sealed record ModelRequest
{
    public required string Path { get; init; }

    /// <summary>The deployment from an Azure OpenAI path (<c>/openai/deployments/{deployment}/…</c>); null otherwise.</summary>
    public string? Deployment { get; init; }

    /// <summary>The <c>api-version</c> query parameter (Azure OpenAI).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The <c>model</c> field of the body.</summary>
    public string? Model { get; init; }

    public bool Stream { get; init; }

    /// <summary><c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary><c>max_completion_tokens</c> or <c>max_tokens</c>.</summary>
    public int? MaxTokens { get; init; }

    public IReadOnlyList<ModelMessage> Messages { get; init; } = [];

    /// <summary>The <c>api-key</c> header (Azure OpenAI key auth).</summary>
    public string? ApiKey { get; init; }

    /// <summary>The Authorization header (OpenAI key or Entra ID bearer token).</summary>
    public string? Authorization { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public JsonObject? Body { get; init; }

    public string RawBody { get; init; } = string.Empty;

    public int ResponseStatus { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The content of the last message with role <c>user</c>, or empty.</summary>
    public string LastUserMessage => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;

    /// <summary>All message contents joined, for "does the model see X" assertions.</summary>
    public string AllContent => string.Join('\n', Messages.Select(m => m.Content));
}
