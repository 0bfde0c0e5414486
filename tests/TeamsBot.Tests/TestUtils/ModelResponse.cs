using System.Globalization;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>What <see cref="ModelServerDouble"/> answers to one request. Use the factory methods.</summary>
public sealed record ModelResponse
{
    /// <summary>200 answer text; null means the deterministic echo of the last user message.</summary>
    public string? Text { get; init; }

    /// <summary><c>stop</c>, <c>length</c> or <c>content_filter</c>.</summary>
    public string FinishReason { get; init; } = "stop";

    /// <summary>Usage numbers; null means a rough estimate (characters / 4).</summary>
    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    /// <summary>Wait before the status line is sent (slow model). Cancelled when the client goes away.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Wait between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>Characters per streamed content chunk.</summary>
    public int ChunkSize { get; init; } = 12;

    /// <summary>The streamed content chunks exactly, in order (instead of <see cref="ChunkSize"/> pieces of Text).</summary>
    public IReadOnlyList<string>? Chunks { get; init; }

    /// <summary>Non-200 status with <see cref="ErrorBody"/>; 200 means an answer.</summary>
    public int StatusCode { get; init; } = 200;

    public JsonObject? ErrorBody { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ModelResponse Echo() => new();

    public static ModelResponse Answer(string text, int? promptTokens = null, int? completionTokens = null) =>
        new() { Text = text, PromptTokens = promptTokens, CompletionTokens = completionTokens };

    /// <summary>200 answer streamed in exactly these chunks, <paramref name="chunkDelay"/> before each.</summary>
    public static ModelResponse Streamed(TimeSpan chunkDelay, params string[] chunks) =>
        new() { Text = string.Concat(chunks), Chunks = chunks, ChunkDelay = chunkDelay };

    public static ModelResponse Slow(TimeSpan delay, string? text = null) => new() { Text = text, Delay = delay };

    /// <summary>429 with <c>retry-after</c>, <c>retry-after-ms</c> and <c>x-ms-retry-after-ms</c>, as Azure OpenAI sends.</summary>
    public static ModelResponse TooManyRequests(TimeSpan retryAfter)
    {
        var seconds = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var milliseconds = ((long)retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return new ModelResponse
        {
            StatusCode = 429,
            Headers = new Dictionary<string, string>
            {
                ["retry-after"] = seconds,
                ["retry-after-ms"] = milliseconds,
                ["x-ms-retry-after-ms"] = milliseconds,
                ["x-ratelimit-remaining-requests"] = "0",
                ["x-ratelimit-remaining-tokens"] = "0",
            },
            ErrorBody = Error(
                "429",
                "Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded token rate "
                + $"limit of your current pricing tier. Please retry after {seconds} second(s). (test double)"),
        };
    }

    public static ModelResponse ServerError() => new()
    {
        StatusCode = 500,
        ErrorBody = Error(
            "InternalServerError", "The server had an error while processing your request. (test double)"),
    };

    /// <summary>400 <c>content_filter</c>: the prompt was filtered (Azure OpenAI).</summary>
    public static ModelResponse PromptFiltered() => new()
    {
        StatusCode = 400,
        ErrorBody = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = "The response was filtered due to the prompt triggering Azure OpenAI's content "
                    + "management policy. (test double)",
                ["type"] = null,
                ["param"] = "prompt",
                ["code"] = "content_filter",
                ["status"] = 400,
                ["innererror"] = new JsonObject
                {
                    ["code"] = "ResponsibleAIPolicyViolation",
                    ["content_filter_result"] = new JsonObject
                    {
                        ["hate"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
                        ["jailbreak"] = new JsonObject { ["filtered"] = true, ["detected"] = true },
                        ["self_harm"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
                        ["sexual"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
                        ["violence"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" },
                    },
                },
            },
        },
    };

    /// <summary>200 whose finish_reason is <c>content_filter</c> (the answer was filtered part-way).</summary>
    public static ModelResponse AnswerFiltered(string partialText = "") =>
        new() { Text = partialText, FinishReason = "content_filter" };

    /// <summary>400 <c>context_length_exceeded</c>.</summary>
    public static ModelResponse ContextLengthExceeded() => new()
    {
        StatusCode = 400,
        ErrorBody = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = "This model's maximum context length is 128000 tokens. However, your messages "
                    + "resulted in 130000 tokens. Please reduce the length of the messages. (test double)",
                ["type"] = "invalid_request_error",
                ["param"] = "messages",
                ["code"] = "context_length_exceeded",
            },
        },
    };

    public static ModelResponse Unauthorized() => new()
    {
        StatusCode = 401,
        ErrorBody = Error(
            "401",
            "Access denied due to invalid subscription key or wrong API endpoint. (test double)"),
    };

    public static ModelResponse Status(int statusCode, JsonObject? errorBody = null) => new()
    {
        StatusCode = statusCode,
        ErrorBody = errorBody ?? Error(statusCode.ToString(CultureInfo.InvariantCulture), "Scripted failure (test double)."),
    };

    private static JsonObject Error(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}
