using Microsoft.Extensions.Options;

namespace TeamsBot.Bot;

/// <summary>How answers are streamed in 1:1 chats (Teams streams nowhere else). Section <c>Streaming</c>.</summary>
public sealed class StreamingOptions
{
    public const string SectionName = "Streaming";

    /// <summary>Teams asks for at least this gap between stream updates; it throttles faster streams.</summary>
    internal static readonly TimeSpan MinUpdateInterval = TimeSpan.FromSeconds(1.5);

    /// <summary>Teams refuses (403) any stream update sent more than two minutes after the stream began.</summary>
    internal static readonly TimeSpan ServiceStreamLimit = TimeSpan.FromMinutes(2);

    /// <summary>Off: 1:1 answers arrive like everywhere else, as one card after a typing indicator.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// An answer still being written this long after the model was asked is streamed; one complete sooner arrives as
    /// one card after the typing indicator, which saves two of Teams' per-conversation sends for nothing shown.
    /// </summary>
    public TimeSpan OpenAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Least time between two stream updates; text arriving meanwhile is buffered.</summary>
    public TimeSpan UpdateInterval { get; set; } = MinUpdateInterval;

    /// <summary>
    /// A stream still running after this long is finished in place with the text so far; the rest of the answer
    /// follows as a normal message. Leaves a margin under the service's two minutes for the final message itself.
    /// </summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The informative update shown at once while the model starts (Teams allows at most 1000 characters).</summary>
    public string ThinkingText { get; set; } = "Thinking…";
}

internal sealed class StreamingOptionsValidator : IValidateOptions<StreamingOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamingOptions options)
    {
        var failures = new List<string>();
        if (options.UpdateInterval < StreamingOptions.MinUpdateInterval || options.UpdateInterval > TimeSpan.FromSeconds(30))
        {
            failures.Add($"Streaming:UpdateInterval must be between {StreamingOptions.MinUpdateInterval.TotalSeconds} and 30 seconds (Teams throttles faster updates).");
        }

        if (options.OpenAfter < TimeSpan.Zero || options.OpenAfter > TimeSpan.FromSeconds(30))
        {
            failures.Add("Streaming:OpenAfter must be between 0 and 30 seconds.");
        }

        if (options.MaxDuration < TimeSpan.FromSeconds(5)
            || options.MaxDuration > StreamingOptions.ServiceStreamLimit - TimeSpan.FromSeconds(5))
        {
            failures.Add("Streaming:MaxDuration must be between 5 seconds and 1 minute 55 seconds (Teams ends streams at 2 minutes).");
        }

        if (string.IsNullOrWhiteSpace(options.ThinkingText) || options.ThinkingText.Length > 1000)
        {
            failures.Add("Streaming:ThinkingText must be 1 to 1000 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
