using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsBot.Connector;

namespace TeamsBot.Bot;

/// <summary>What became of one stream update.</summary>
internal enum StreamUpdateResult
{
    Sent,

    /// <summary>Not taken now (throttled or a transient failure); a later update or the final carries the text.</summary>
    Skipped,

    /// <summary>Teams closed the stream (the user pressed Stop, or it ran too long): nothing more is shown in it.</summary>
    Closed,
}

/// <summary>
/// The Teams streaming protocol for one message: an informative update (which yields the stream id), then updates
/// carrying the whole text so far, then the final message. Every request carries a <c>streaminfo</c> entity and the
/// same fields in channelData, as Teams clients read either. Only Teams 1:1 chats accept streams.
/// </summary>
internal sealed class TeamsStream(ITurnContext context, TimeProvider clock)
{
    private static readonly TimeSpan MaxUpdateWait = TimeSpan.FromSeconds(60);

    private int _sequence;

    public string? StreamId { get; private set; }

    /// <summary>Sends the informative update. False when the service will not stream here; nothing was shown then.</summary>
    public async Task<bool> StartAsync(string informativeText, CancellationToken cancellationToken)
    {
        var activity = new Activity(ActivityTypes.Typing) { Text = informativeText };
        Stamp(activity, "informative", ++_sequence);
        try
        {
            // Tried once: a refused stream must fall back at once, not after retries.
            using var once = ConnectorRetry.Suppress();
            var response = await context.SendActivityAsync(activity, cancellationToken);
            StreamId = response?.Id;
            return !string.IsNullOrEmpty(StreamId);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // 403/405 outside 1:1 or when streaming is off for the app, 429 when busy, or any other trouble: the
            // caller falls back to one message; nothing was shown.
            return false;
        }
    }

    /// <summary>Shows <paramref name="textSoFar"/> (always the whole text: Teams replaces, never appends).</summary>
    public async Task<(StreamUpdateResult Result, TimeSpan? RetryAfter)> UpdateAsync(string textSoFar,
        CancellationToken cancellationToken)
    {
        var activity = new Activity(ActivityTypes.Typing) { Text = textSoFar };
        Stamp(activity, "streaming", _sequence + 1);
        try
        {
            // Tried once: the next update carries this text anyway.
            using var once = ConnectorRetry.Suppress();
            await context.SendActivityAsync(activity, cancellationToken);
            _sequence++;
            return (StreamUpdateResult.Sent, null);
        }
        catch (ErrorResponseException error) when (error.Response?.StatusCode == HttpStatusCode.Forbidden)
        {
            return (StreamUpdateResult.Closed, null);
        }
        catch (ErrorResponseException error)
        {
            return (StreamUpdateResult.Skipped, RetryAfterOf(error));
        }
        catch (HttpRequestException)
        {
            return (StreamUpdateResult.Skipped, null);
        }
    }

    /// <summary>
    /// Ends the stream with <paramref name="final"/> (a card message). Returns the ids the message may be known by:
    /// the stream id, and the id Teams answered with when it differs.
    /// </summary>
    public async Task<IReadOnlyList<string>> FinishAsync(Activity final, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(final);
        // The final message carries no sequence number: Teams rejects one there.
        Stamp(final, "final", sequence: null);
        var response = await context.SendActivityAsync(final, cancellationToken);
        return new[] { StreamId, response?.Id }.OfType<string>().Where(id => id.Length > 0).Distinct().ToArray();
    }

    private void Stamp(Activity activity, string streamType, int? sequence)
    {
        var info = new Entity("streaminfo");
        var channelData = activity.ChannelData as JObject ?? [];
        if (StreamId is not null)
        {
            info.Properties["streamId"] = StreamId;
            channelData["streamId"] = StreamId;
        }

        info.Properties["streamType"] = streamType;
        channelData["streamType"] = streamType;
        if (sequence is { } number)
        {
            info.Properties["streamSequence"] = number;
            channelData["streamSequence"] = number;
        }

        activity.Entities = [info, .. activity.Entities ?? []];
        activity.ChannelData = channelData;
    }

    /// <summary>What the refusal asked for, capped: a stream update is not worth waiting longer for.</summary>
    private TimeSpan? RetryAfterOf(ErrorResponseException error)
    {
        if (error.Response?.Headers is not { } headers)
        {
            return null;
        }

        var hint = ConnectorBackoff.ServerHint(
            name => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                .Value?.FirstOrDefault(),
            clock.GetUtcNow());
        return hint is { } wait && wait > MaxUpdateWait ? MaxUpdateWait : hint;
    }
}
